"""`journeymap diff`: what changed in the journeys between two Git revisions."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path, PurePosixPath

import click

from generator.cli import guarded, root_option
from generator.commands.validate import require_root
from generator.content.diagnostics import ContentError, display_path
from generator.content.root import Content
from generator.content.sources import YAML_SUFFIXES
from generator.content.validate import check_root
from generator.history import git as gitinfo
from generator.history.backlog_diff import compare_opportunities, compare_studies
from generator.history.diff import compare
from generator.history.formats import FORMATS


@click.command()
@click.argument("rev")
@click.argument("rev2", required=False)
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull-request comment.",
)
@guarded
def diff(rev: str, rev2: str | None, root: Path, fmt: str) -> None:
    """Show what changed in the journeys from REV to REV2 (default: the working tree).

    Opportunities added, removed or with a new status, owner, impact, effort
    or target, and studies added or removed, follow the journeys.

    Steps and stages are matched by id, so a new title is a rename and a step
    in another stage is a move. Revisions are read from Git, never checked out.
    """
    try:
        repo = gitinfo.repository(root)
        commits = {name: gitinfo.resolve(repo, name) for name in (rev, rev2) if name is not None}
        if rev2 is None:
            require_root(root)
        _check_roots(repo, root, commits, working_tree=rev2 is None)
        before, before_files = revision_content(repo, rev, commits[rev])
        if rev2 is None:
            after = _valid(check_root(root), "the working tree")
            after_files = _files(after, root)
        else:
            after, after_files = revision_content(repo, rev2, commits[rev2])
    except gitinfo.GitError as error:
        raise click.ClickException(str(error)) from None
    result = dataclasses.replace(
        compare(before.journeys, after.journeys, before_files, after_files),
        opportunities=compare_opportunities(before.opportunities, after.opportunities),
        studies=compare_studies(before.studies, after.studies),
    )
    # in the words of the site compared to, as its readers see its pages
    click.echo(FORMATS[fmt](result, rev, rev2, after.site.language))


def _check_roots(
    repo: gitinfo.Repository, root: Path, commits: dict[str, str], *, working_tree: bool
) -> None:
    """A root that no compared version has is a wrong --root, not "nothing changed";
    one that a single revision lacks was created or removed since: its journeys
    count as added or removed."""
    missing = [name for name, commit in commits.items() if not gitinfo.has_root(repo, commit)]
    if not missing:
        return
    where = f" ({repo.root} in the repository)" if repo.root != root.as_posix() else ""
    if len(missing) == len(commits) and not working_tree:
        revisions = " or at ".join(missing)
        hint = (
            "it is in the working tree only: commit it, or leave out REV2 to compare with the "
            "working tree"
            if root.is_dir()
            else "pass the folder of your journeys with --root"
        )
        raise click.ClickException(f"no content root '{root}'{where} at {revisions}: {hint}")
    for name in missing:
        change = "added" if name == next(iter(commits)) else "removed"
        click.echo(
            f"note: no content root '{root}'{where} at {name}: every journey counts as {change}",
            err=True,
        )


def revision_content(
    repo: gitinfo.Repository, rev: str, commit: str
) -> tuple[Content, dict[str, str]]:
    """The content root as it was at `rev`, validated exactly as `validate` would.

    The revision's files are written to a temporary folder and checked there:
    YAML files with their text, other files empty (only their existence is
    checked, for persona photos), links as links. Diagnostics name `REV:path` in the repository.
    Returned with each journey's file below the root, since the Content's own
    paths are in the folder, gone by then.
    """
    files = gitinfo.read_tree(repo, commit, YAML_SUFFIXES)
    with tempfile.TemporaryDirectory(prefix="journeymap-diff-") as folder:
        base = Path(folder)
        places: dict[str, str] = {}
        for relative, data in files.items():
            target = base / PurePosixPath(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, gitinfo.Link):  # checked as in a working tree: not read if it
                target.symlink_to(data.target)  # leaves the root
            else:
                target.write_bytes(data or b"")
            places[display_path(target)] = _in_repo(repo, relative, rev)
        content = check_root(base)
        # files are named in messages too ("taken already by ...")
        folder_prefix, repo_prefix = display_path(base) + os.sep, _in_repo(repo, "", rev)
        content.diagnostics[:] = [
            dataclasses.replace(
                d,
                file=places.get(d.file, d.file),
                message=d.message.replace(folder_prefix, repo_prefix),
            )
            for d in content.diagnostics
        ]
        journey_files = _files(content, base)
    return _valid(content, rev), journey_files


def _in_repo(repo: gitinfo.Repository, relative: str, rev: str) -> str:
    return f"{rev}:{repo.root}/{relative}" if repo.root else f"{rev}:{relative}"


def _valid(content: Content, where: str) -> Content:
    errors = content.errors
    if errors:
        click.echo(f"error: the journeys in {where} are not valid; nothing was compared", err=True)
        raise ContentError(errors, content.files)
    return content


def _files(content: Content, root: Path) -> dict[str, str]:
    """Journey id -> its file below the content root, POSIX style."""
    return {key: path.relative_to(root).as_posix() for key, path in content.journey_files.items()}
