"""Saves seen as the operating system reports them (inotify, FSEvents,
ReadDirectoryChangesW), through watchfiles: no walk of the root between saves.

A burst of events (an editor's atomic write is a temporary file, a rename and
a chmod; a `git checkout` touches hundreds of files) is taken as one change:
the watcher waits until the folders have been quiet for `QUIET_MS`, and hands
every path that changed to `on_change` at once. Where the system has no events
to give (some network and container file systems), setting
WATCHFILES_FORCE_POLLING=1 makes watchfiles poll instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from generator.common.writing import WRITING_SUFFIX

# A burst ends after this long without an event; a save is seen no later. An editor's
# atomic write and a `git checkout` write their files within a few ms of each other;
# watchfiles looks every QUIET_MS, so a save waits one to two of them (50 ms made it
# 50-100 ms, half the time of a save at 1,000 journeys).
QUIET_MS = 20
# However long a burst goes on, its changes are handed over after this long.
LONGEST_MS = 1600


class _Filter(DefaultFilter):
    """watchfiles' own (editor swap and backup files, caches, virtualenvs left out), with
    Git's folder watched: a commit changes the history the journeys' pages show."""

    ignore_dirs = tuple(name for name in DefaultFilter.ignore_dirs if name != ".git")

    def __call__(self, change: Change, path: str) -> bool:
        if "/.git/objects" in path or path.endswith((".lock", "/.git/FETCH_HEAD")):
            return False  # what git writes as it works, before its refs say what it did
        if path.endswith(WRITING_SUFFIX):
            return False  # an edit being written, renamed over its file once it is
        return super().__call__(change, path)


class Watcher(threading.Thread):
    """Watches the folders that exist and calls `on_change` with the paths changed by each
    burst of saves, on its own thread, one call at a time."""

    def __init__(self, folders: Sequence[Path], on_change: Callable[[set[Path]], None]) -> None:
        super().__init__(daemon=True, name="journeymap-watch")
        self.folders = [folder for folder in folders if folder.is_dir()]
        self.on_change = on_change
        self.stopped = threading.Event()
        self.ready = threading.Event()  # set once the system watches the folders

    def run(self) -> None:
        if not self.folders:
            self.ready.set()
            return
        watch_filter = _Filter()
        changes = watch(
            *self.folders,
            watch_filter=watch_filter,
            debounce=LONGEST_MS,
            step=QUIET_MS,
            stop_event=self.stopped,
            rust_timeout=200,  # how often it looks at stop_event
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        for batch in changes:
            self.ready.set()  # the first timeout (or change) says the watch is in place
            if batch and not self.stopped.is_set():
                self.on_change(set(_with_contents(batch, watch_filter)))

    def stop(self) -> None:
        self.stopped.set()


def _with_contents(batch: Iterable[tuple[Change, str]], watch_filter: _Filter) -> Iterable[Path]:
    """The paths of a batch, and what is inside each folder it adds. The system watches a
    new folder only once told of it: a file written there in between (`git clone`, a
    checkout that adds a folder of journeys) has no event of its own. The folder is
    watched by the time its batch comes, so what it holds then is all there is to miss."""
    for change, path in batch:
        yield Path(path)
        # a link to a folder is not walked: it may lead anywhere, the home folder, or above
        if change != Change.added or os.path.islink(path) or not os.path.isdir(path):
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = [
                name for name in folders if watch_filter(change, os.path.join(folder, name))
            ]
            for name in files:
                inside = os.path.join(folder, name)
                if watch_filter(change, inside):
                    yield Path(inside)
