"""The cycle collector, told what a build keeps: the one place that freezes and thaws it.

A build holds its checked journeys, its compiled templates and its view models to
the end, and forks workers that inherit them. Python's cycle collector would walk
all of them at every collection (a large load becomes quadratic), and in a forked
worker its walk would touch, and so copy, every memory page they sit on.
`gc.freeze()` moves every object alive into a generation it never walks;
`gc.unfreeze()` gives them back, once the build is over, so a long `serve`
session collects what each build left.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def set_aside() -> None:
    """Everything alive now lives to the end of the build (or of this worker)."""
    gc.freeze()


def release() -> None:
    """The build is over: what it set aside may be collected again."""
    gc.unfreeze()


@contextmanager
def _collector_paused(before_resuming: Callable[[], None]) -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            before_resuming()
            gc.enable()


@contextmanager
def without_cyclic_collection() -> Iterator[None]:
    """No cyclic collection while objects that live to the end are made (each would walk
    all of those made so far); on the way out, they are set aside, then collection
    resumes."""
    # set aside first: the first allocation after enable() would otherwise start a
    # collection that walks every object made meanwhile (0.15 s for 1,000)
    with _collector_paused(set_aside):
        yield


@contextmanager
def collected_after() -> Iterator[None]:
    """No cyclic collection while one task of a build runs: what it gathers (the rows,
    cards and findings of thousands of journeys) lives until it ends, and each full
    collection would walk all of it again, so the larger the site, the more each journey
    cost. Nothing is set aside: what the task leaves is collected later, as usual."""
    with _collector_paused(lambda: None):
        yield


@contextmanager
def set_aside_while_forked() -> Iterator[None]:
    """Set aside what exists before workers are forked: their collectors leave it alone,
    and the memory it sits on stays shared. Released once the workers are done."""
    set_aside()
    try:
        yield
    finally:
        release()


def set_aside_in_worker() -> None:
    """In a worker that has loaded what it needs: collect once, then set it all aside."""
    gc.collect()
    set_aside()
