"""Every call to `git`, in one place: the history of a content root, and revisions' files.

Revisions are read with plumbing commands (`ls-tree`, one `cat-file --batch`),
never by checking them out, so the user's working tree is never touched.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

# A byte that git never writes in a hash, date, name or path, to split log records
_RECORD = "\x1e"
_LOG_FORMAT = f"{_RECORD}%H%x00%h%x00%aI%x00%an%x00%s"


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


@dataclass(frozen=True)
class Commit:
    """One commit that changed a file, as the site and the PDFs show it."""

    hash: str
    short: str
    date: datetime
    """The author date, with the author's UTC offset."""
    author: str
    subject: str


@dataclass(frozen=True)
class Repository:
    """A Git work tree and where a content root sits inside it."""

    top: Path
    root: str
    """The content root's path inside the repository, POSIX style: `docs/journeys` ("" at top)."""


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=environment,
            check=False,
        )
    except OSError as error:  # git not installed, or cwd gone
        raise GitError(f"cannot run git: {error.strerror}") from None


def _existing(path: Path) -> Path:
    """The nearest folder that exists at or above `path`, to run git in."""
    path = path.absolute()
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def repository(root: Path) -> Repository:
    """The repository that holds `root` (which may not exist in the working tree)."""
    where = _existing(root)
    result = _git(where, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise GitError(f"'{root}' is not inside a Git repository")
    top = Path(os.fsdecode(result.stdout.rstrip(b"\n")))
    resolved = root.resolve()
    if not resolved.is_relative_to(top.resolve()):
        raise GitError(f"'{root}' is outside the repository at {top}")
    relative = resolved.relative_to(top.resolve()).as_posix()
    return Repository(top, "" if relative == "." else relative)


def resolve(repo: Repository, revision: str) -> str:
    """The commit hash `revision` names, or GitError with a message for the user."""
    unknown = f"unknown revision '{revision}': no such commit, branch or tag"
    if revision.startswith("-"):  # never let a revision be read as an option
        raise GitError(unknown)
    result = _git(
        repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if result.returncode != 0:
        raise GitError(unknown)
    return result.stdout.decode().strip()


def has_root(repo: Repository, commit: str) -> bool:
    """Whether the content root is a folder at `commit` (Git keeps no empty folders)."""
    if not repo.root:
        return True
    result = _git(repo.top, "cat-file", "-t", f"{commit}:{repo.root}")
    return result.returncode == 0 and result.stdout.strip() == b"tree"


_LINK_MODE = "120000"  # how Git marks a symbolic link


@dataclass(frozen=True)
class Link:
    """A symbolic link as Git keeps it: the path it points to."""

    target: str


def read_tree(
    repo: Repository, commit: str, wanted: tuple[str, ...]
) -> dict[str, bytes | Link | None]:
    """Every file under the content root at `commit`: path below the root -> bytes.

    Only files whose name ends with one of `wanted` are read (in one `cat-file
    --batch`); the others map to None: their existence is all that matters.
    Symbolic links map to a Link, whatever their name.
    """
    pathspec = repo.root or "."
    listing = _git(repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", pathspec)
    if listing.returncode != 0:
        raise GitError(f"cannot list the files of {commit}: {listing.stderr.decode().strip()}")
    prefix = f"{repo.root}/" if repo.root else ""
    files: dict[str, bytes | Link | None] = {}
    blobs: dict[str, str] = {}
    links: set[str] = set()
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        info, _, raw_path = entry.partition(b"\t")
        mode, kind, sha = info.decode().split(" ")
        path = os.fsdecode(raw_path)
        if kind != "blob" or not path.startswith(prefix):
            continue  # submodules have no content to read
        relative = path[len(prefix) :]
        files[relative] = None
        if mode == _LINK_MODE:
            links.add(relative)
        if relative.endswith(wanted) or mode == _LINK_MODE:
            blobs[relative] = sha
    contents = _cat_blobs(repo, list(dict.fromkeys(blobs.values())))
    for relative, sha in blobs.items():
        data = contents[sha]
        files[relative] = Link(os.fsdecode(data)) if relative in links else data
    return files


def _cat_blobs(repo: Repository, shas: list[str]) -> dict[str, bytes]:
    if not shas:
        return {}
    result = _git(repo.top, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    if result.returncode != 0:
        raise GitError(f"cannot read objects: {result.stderr.decode().strip()}")
    output = result.stdout
    contents: dict[str, bytes] = {}
    position = 0
    for sha in shas:
        end = output.index(b"\n", position)
        header = output[position:end].decode().split(" ")
        if len(header) != 3:
            raise GitError(f"cannot read object {sha}: {' '.join(header)}")
        size = int(header[2])
        contents[sha] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline
    return contents


def history(root: Path) -> dict[Path, list[Commit]]:
    """The commits that changed each file of `root`, newest first, in one `git log` pass.

    Keys are `root / <path below the root>`, the same paths `validate.check_root`
    records in `Content.journey_files` and `persona_files`. A file renamed keeps
    the commits of its earlier names. Files deleted since are left out. Outside
    a Git repository, without git, or before the first commit: an empty mapping.
    """
    try:
        repo = repository(root)
    except GitError:
        return {}
    result = _git(
        repo.top,
        "log",
        "-z",
        "-M",
        "--name-status",
        "--no-color",
        "--no-ext-diff",
        f"--format={_LOG_FORMAT}",
        "--",
        repo.root or ".",
    )
    if result.returncode != 0:
        return {}
    return _parse_log(result.stdout.decode("utf-8", "replace"), repo.root, root)


def _commit(fields: list[str]) -> Commit:
    return Commit(
        hash=fields[0],
        short=fields[1],
        date=datetime.fromisoformat(fields[2]),
        author=fields[3],
        subject=fields[4],
    )


def _parse_log(text: str, repo_root: str, root: Path) -> dict[Path, list[Commit]]:
    commits: dict[str, list[Commit]] = {}
    current: dict[str, str] = {}  # a path in an older commit -> the file's newest name
    deleted: set[str] = set()  # newest names whose newest change was a deletion
    for record in text.split(_RECORD):
        if not record:
            continue
        fields = record.split("\0")
        commit = _commit(fields)
        changes = [field.lstrip("\n") for field in fields[5:]]
        index = 0
        while index < len(changes) and changes[index]:
            status = changes[index]
            renamed = status[0] in "RC"
            path = changes[index + 2] if renamed else changes[index + 1]
            index += 3 if renamed else 2
            name = current.get(path, path)
            if name not in commits:
                commits[name] = []
                if status == "D":
                    deleted.add(name)
            if not commits[name] or commits[name][-1] is not commit:
                commits[name].append(commit)
            if status[0] == "R":
                current[changes[index - 2]] = name
    prefix = PurePosixPath(repo_root) if repo_root else PurePosixPath()
    return {
        root / PurePosixPath(name).relative_to(prefix): found
        for name, found in commits.items()
        if name not in deleted and PurePosixPath(name).is_relative_to(prefix)
    }


def last_commit(path: Path, commits: Mapping[Path, list[Commit]] | None = None) -> Commit | None:
    """The newest commit that changed `path` (for the PDF header: `short` and `date`).

    Pass the mapping from `history()` when there is one; without it, one
    `git log -1` is run for this file.
    """
    if commits is not None:
        found = commits.get(path)
        return found[0] if found else None
    try:
        repo = repository(path.parent)
    except GitError:
        return None
    result = _git(
        repo.top,
        "log",
        "-1",
        "-z",
        "--no-color",
        f"--format={_LOG_FORMAT}",
        "--",
        str(path.resolve()),
    )
    text = result.stdout.decode("utf-8", "replace")
    if result.returncode != 0 or not text.startswith(_RECORD):
        return None
    return _commit(text[1:].split("\0"))
