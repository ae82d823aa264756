"""The printable maps: which PDFs a build writes, and `journeymap pdf`'s documents.

Papers and fitting live in layout, the HTML of each document in docs,
the confined fetcher in fetch, tiling in tile, and the worker
processes with the cache in render. WeasyPrint is imported by the
workers only, when a PDF is actually laid out.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from generator.content.diagnostics import ContentError, Diagnostic, display_path
from generator.content.root import Content
from generator.pdf.docs import Printer, Workshop
from generator.pdf.layout import Paper, site_paper
from generator.pdf.render import (
    Document,
    Outcome,
    Renderer,
    copy_into,
    copy_whole,
    document_key,
    prune,
)

PERSONAS_PDF = "pdf/personas.pdf"
BOOK_PDF = "pdf/journeys.pdf"
BACKLOG_PDF = "pdf/opportunities.pdf"


def poster_path(journey_id: str, *, blank: bool = False) -> str:
    """`b2b/first-purchase` -> `pdf/b2b/first-purchase.pdf` (or `...-blank.pdf`)."""
    return f"pdf/{journey_id}{'-blank' if blank else ''}.pdf"


def build_documents(content: Content, *, drafts: bool) -> tuple[Printer, list[Document], list[str]]:
    """Every PDF of a build but the book: each journey's poster and blank map, the cards,
    the opportunities' backlog."""
    printer = Printer(content)
    ids = _ids(content, drafts)
    return printer, list(_documents(printer, content, ids)), ids


def _ids(content: Content, drafts: bool) -> list[str]:
    return [jid for jid, j in content.journeys.items() if drafts or not j.draft]


def _documents(printer: Printer, content: Content, ids: list[str]) -> Iterator[Document]:
    """Made one at a time, so the workers start on the first while the rest are made;
    every poster first (the longest, and what the book waits for), then the blank maps."""
    paper = site_paper(content.site)
    for blank in (False, True):
        for jid in ids:
            output = poster_path(jid, blank=blank)
            document = printer.poster_document(jid, paper, blank=blank, tile=None, output=output)
            yield _keyed(document, printer)
    if content.personas:
        yield _keyed(printer.personas_document(PERSONAS_PDF), printer)
    if content.links.opportunities:
        yield _keyed(printer.backlog_document(BACKLOG_PDF, set(ids).__contains__), printer)


def _keyed(document: Document, printer: Printer) -> Document:
    from dataclasses import replace

    return replace(document, key=document_key(document, printer.template_dirs))


def write_pdfs(
    content: Content,
    site_dir: Path,
    cache_dir: Path,
    *,
    jobs: int,
    progress: bool,
    drafts: bool,
    notes: list[str] | None = None,
) -> int:
    """Write site_dir/pdf/..., laying out only what changed; returns how many were laid out.
    `notes` gets a line for each poster of several sheets: the paper that holds it on one."""
    printer = Printer(content)
    ids = _ids(content, drafts)
    total = 2 * len(ids) + (1 if content.personas else 0) + (1 if ids else 0)
    total += 1 if content.links.opportunities else 0
    waiting = {poster_path(jid) for jid in ids}  # the posters the book is drawn from
    outcomes: list[Outcome] = []
    with _progress(total, progress) as step, Renderer(cache_dir, jobs=jobs) as renderer:
        for document in _documents(printer, content, ids):
            renderer.submit([document])
        for outcome in _fitted(renderer, printer):
            step(outcome)
            outcomes.append(outcome)
            if outcome.document.output in waiting:
                waiting.remove(outcome.document.output)
                # the book starts as soon as its last poster is done, ahead of the blank
                # maps still queued, so no worker idles at the end; not over a broken poster
                if not waiting and not any(o.refused or o.failed for o in outcomes):
                    renderer.submit([_book(printer, content, outcomes, ids)], first=True)
        _check(outcomes, content)
    pdf_dir = site_dir / "pdf"
    if pdf_dir.exists():
        shutil.rmtree(pdf_dir)
    for outcome in outcomes:
        copy_into(outcome, site_dir)
    prune(cache_dir, (outcome.document.key for outcome in outcomes))
    if notes is not None:
        notes.extend(
            printer.notes[poster_path(jid)] for jid in ids if poster_path(jid) in printer.notes
        )
    return sum(1 for outcome in outcomes if outcome.rendered)


def _book(printer: Printer, content: Content, outcomes: list[Outcome], ids: list[str]) -> Document:
    rendered = {o.document.output: o.path for o in outcomes}
    parts = [(jid, rendered[poster_path(jid)]) for jid in ids]
    book = printer.book_document(
        parts, site_paper(content.site), BOOK_PDF, published=set(ids).__contains__
    )
    return _keyed(book, printer)


def _check(outcomes: list[Outcome], content: Content) -> None:
    """A refused or missing image fails the build (and its PDF is not kept in the cache)."""
    problems = [d for outcome in outcomes for d in diagnostics_of(outcome, content, "error")]
    if problems:
        for outcome in outcomes:
            if outcome.rendered and (outcome.refused or outcome.failed):
                outcome.path.unlink(missing_ok=True)  # never reuse a PDF with a hole in it
        raise ContentError(problems, content.files)


@contextmanager
def _progress(total: int, progress: bool) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar on a terminal; nothing otherwise."""
    import click

    if not (progress and sys.stderr.isatty()):
        yield lambda _outcome: None
        return
    with click.progressbar(length=total, label="PDF", file=sys.stderr, show_pos=True) as bar:
        yield lambda _outcome: bar.update(1)


def _fitted(renderer: Renderer, printer: Printer) -> Iterator[Outcome]:
    """Each finished document; a poster with a sheet that ran over even at its least sizes
    is made again with that sheet split, and rendered in place of the first (same key)."""
    while renderer.pending():
        outcome = renderer.next()
        if outcome.overflow:
            document = outcome.document
            again = printer.refit(document.output, document.key, outcome.overflow)
            if again is not None:
                outcome.path.unlink(missing_ok=True)
                renderer.submit([again], first=True)
                continue
        yield outcome


def _render(
    printer: Printer, documents: list[Document], cache_dir: Path, *, jobs: int
) -> list[Outcome]:
    with Renderer(cache_dir, jobs=jobs) as renderer:
        renderer.submit(documents)
        return list(_fitted(renderer, printer))


def diagnostics_of(outcome: Outcome, content: Content, severity: str) -> list[Diagnostic]:
    """A refused or missing image, placed in the file that names it where we can find it."""
    found = []
    for url, reason in outcome.refused:
        found.append(_placed(content, url, f"image '{_short(url)}' not loaded: {reason}", severity))
    for message in outcome.failed:
        quoted = _QUOTED_URL.search(message)
        if quoted is not None and message.rstrip().endswith(":"):  # WeasyPrint gave no reason
            message = f"image '{_short(quoted[1])}' cannot be read: it is not an image file"
        found.append(_placed(content, quoted[1] if quoted else message, message, severity))
    return found


_QUOTED_URL = re.compile(r"'((?:file|https?|data):[^']*)'")


def _short(url: str) -> str:
    if url.startswith("file:"):
        return display_path(Path(url.removeprefix("file://")))
    return url


def _placed(content: Content, needle: str, message: str, severity: str) -> Diagnostic:
    """The first source file that names the URL (or its file name), with its line and column.

    A file's URL is also looked for as the files name it, relative to themselves."""
    last = re.split(r"[/\\]", needle.rstrip("'\")"))[-1][:80]
    files = [content.site_file, *content.persona_files.values(), *content.journey_files.values()]
    target = Path(unquote(needle.removeprefix("file://"))) if needle.startswith("file:") else None
    for candidate in (needle, None, last):
        for path in files:
            if path is None:
                continue
            wanted = candidate
            if wanted is None and target is not None:  # the file's own way to the target
                wanted = os.path.relpath(os.path.normpath(target), path.parent)
                wanted = wanted.replace(os.sep, "/")
            if not wanted:
                continue
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, start=1):
                column = line.find(wanted)
                if column >= 0:
                    return Diagnostic(display_path(path), number, column + 1, severity, message)  # type: ignore[arg-type]
    return Diagnostic(display_path(content.root), 1, 1, severity, message)  # type: ignore[arg-type]


def make_pdfs(
    content: Content,
    journey_ids: list[str],
    *,
    paper: Paper,
    blank: bool,
    tile: Paper | None,
    output: Path | None,
    cache_dir: Path,
    jobs: int = 1,
    workshop: Workshop | None = None,
    notes: list[str] | None = None,
) -> tuple[list[Path], list[Diagnostic]]:
    """`journeymap pdf`: one PDF per journey in the current folder, or all of them in `output`;
    `notes` gets a line for each poster of several sheets (the paper that holds it on one)."""
    printer = Printer(content)
    documents = [
        printer.poster_document(
            jid,
            paper,
            blank=blank,
            tile=tile,
            output=jid.replace("/", "-") + ("-blank.pdf" if blank else ".pdf"),
            workshop=workshop,
        )
        for jid in journey_ids
    ]
    documents = [_keyed(d, printer) for d in documents]
    if notes is not None:
        notes.extend(printer.notes[d.output] for d in documents if d.output in printer.notes)
    outcomes = _render(printer, documents, cache_dir, jobs=jobs)
    warnings = [d for outcome in outcomes for d in diagnostics_of(outcome, content, "warning")]
    by_output = {outcome.document.output: outcome for outcome in outcomes}
    ordered = [by_output[d.output] for d in documents]  # in the order the ids were given
    if output is None:
        return [copy_into(outcome, Path.cwd()) for outcome in ordered], warnings
    if len(ordered) == 1:
        copy_whole(ordered[0].path, output)
    else:
        _merge([o.path for o in ordered], [o.document.title for o in ordered], output)
    return [output], warnings


def _merge(paths: list[Path], titles: list[str], output: Path) -> None:
    """Several maps in one PDF, with a bookmark for each, their structure trees kept."""
    from generator.pdf.book import concatenate

    data = concatenate(paths, titles)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.part")
    partial.write_bytes(data)
    partial.replace(output)
