"""HTML -> PDF in worker processes, one document each, and the cache of rendered PDFs.

WeasyPrint lays out one document on one core (Kozea/WeasyPrint #1060), so a
build runs one process per core, each rendering whole documents. A PDF's
key is a hash of everything it is made of (its HTML, the stylesheets and
fonts, the images it names, the paper); a PDF whose key is in the cache is
copied from there instead of being laid out again.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.common import memory
from generator.common.paths import packaged_templates
from generator.common.process import PROCESS
from generator.common.workers import end_with
from generator.pdf.layout import REFITS, Paper

CACHE_VERSION = "2"
# the map's own styles (shared with the site), then their dressing for paper
STYLESHEETS = ("assets/map.css", "assets/print-map.css")
# Tagged PDF for screen readers: a structure tree (tables as Table/TH/TD, headings,
# lists, figures with their alternative text), the document's language and title
PDF_VARIANT = "pdf/ua-1"
_FILE_URL = re.compile(r"""(?:src|href)=["'](file:[^"']+)["']""")


@dataclass(frozen=True)
class Refit:
    """A sheet's sizes to fall back on, should its map run onto another page: the pieces
    of the sheet's HTML its sizes are written in (its style attribute, its <style>, its
    curve's SVG) as first written, then the same pieces at each smaller size in turn."""

    sheet: str  # the id of the sheet's <section>
    first: tuple[str, ...]
    smaller: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Document:
    """One PDF to make: its HTML, the folders it may read, and where it goes."""

    output: str  # path below the output folder, e.g. "pdf/b2b/first-purchase.pdf"
    html: str
    base_url: str
    roots: tuple[Path, ...]
    title: str
    tile: Paper | None = None
    stylesheets: tuple[Path, ...] = ()
    key: str = ""
    parts: tuple[Path, ...] = ()  # rendered posters drawn onto the last pages (the book)
    xml: bool = False  # made by the packaged templates alone: well-formed XML (xml)
    refits: tuple[Refit, ...] = ()


@dataclass
class Outcome:
    """What rendering one document produced: the file, and what it could not load."""

    document: Document
    path: Path
    refused: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    rendered: bool = True
    overflow: tuple[str, ...] = ()  # sheets that ran over at their least sizes


def stylesheet_paths(template_dirs: Iterable[Path]) -> tuple[Path, ...]:
    """Our print stylesheets, the user's override of each taking precedence."""
    found = []
    for name in STYLESHEETS:
        for folder in (*template_dirs, packaged_templates()):
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
                break
    return tuple(found)


def _templates_fingerprint(folders: tuple[Path, ...]) -> str:
    """A hash of every template, stylesheet and font: a change to one renders everything.

    Hashing 2 MB of fonts on every build is wasted work, so the hash is kept per
    listing of names, sizes and modification times; a long-running `serve` still
    sees a template saved a moment ago.
    """
    listing = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    listing.append((str(path), stat.st_size, stat.st_mtime_ns))
    return _hash_files(tuple(listing))


@cache
def _hash_files(listing: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _mtime in listing:
        digest.update(Path(name).name.encode())
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def document_key(document: Document, template_dirs: tuple[Path, ...]) -> str:
    """The content hash of one PDF: the same inputs make the same PDF."""
    digest = hashlib.sha256()
    digest.update(CACHE_VERSION.encode())
    digest.update(_templates_fingerprint((*template_dirs, packaged_templates())).encode())
    digest.update(document.html.encode())
    digest.update(repr((document.output, document.tile, document.base_url)).encode())
    for part in document.parts:  # cache paths: their names are the posters' own keys
        digest.update(part.name.encode())
    for url in sorted(set(_FILE_URL.findall(document.html))):
        path = Path(unquote(urlsplit(url).path))
        digest.update(url.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    for stylesheet in document.stylesheets:
        digest.update(stylesheet.read_bytes())
    return digest.hexdigest()


class _Sheets:
    """The print stylesheets and their fonts, parsed once per process, not once per document.

    A font configuration registers the @font-face fonts with fontconfig and the
    stylesheets are parsed with it; both can serve any number of documents. What
    the stylesheets could not load is kept with them and reported for every document.
    """

    def __init__(self, paths: tuple[Path, ...], roots: tuple[Path, ...]) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        from generator.pdf.fetch import ConfinedFetcher, load_warnings
        from generator.pdf.lean import NOTES, page_areas

        self.fonts = FontConfiguration()
        self.fetcher = ConfinedFetcher(roots)
        with load_warnings() as caught:
            # the fetcher goes to every stylesheet too: before WeasyPrint 70 stylesheets
            # got a default fetcher of their own (CVE-2026-55073)
            self.sheets = [
                CSS(filename=str(path), url_fetcher=self.fetcher, font_config=self.fonts)
                for path in paths
            ]
        self.messages = list(caught.messages)
        texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
        # a stylesheet that floats something into a footnote or note keeps WeasyPrint's rules
        self.notes = any(NOTES.search(text) for text in texts)
        self.areas = page_areas(*texts)  # the page areas they may draw in


_SHEETS: dict[tuple[object, ...], _Sheets] = PROCESS.own("print stylesheets", {})
# A font configuration's finaliser needs modules that interpreter shutdown has already
# torn down; let it go first, or a process that printed ends with a spurious traceback.
atexit.register(_SHEETS.clear)


def _sheets_for(document: Document) -> _Sheets:
    """This process's parsed stylesheets for these files as they are now (an edit parses again)."""
    stamps = []
    for path in document.stylesheets:
        try:
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(path), 0, 0))
    key = (tuple(stamps), document.roots)
    if key not in _SHEETS:
        _SHEETS.clear()  # one set of stylesheets is in use at a time
        _SHEETS[key] = _Sheets(document.stylesheets, document.roots)
    return _SHEETS[key]


def render_document(document: Document, target: Path) -> Outcome:
    """Lay out one document and write its PDF to `target` (runs in a worker).

    Python's cycle collector would walk WeasyPrint's hundreds of thousands of
    boxes and styles many times over while a document is laid out (a quarter
    of the time); it is held off until the document is written, then run once
    over what the document left behind.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _render_document(document, target)
    finally:
        if paused:
            gc.enable()
            gc.collect(0)


def _render_document(document: Document, target: Path) -> Outcome:
    from weasyprint import HTML

    from generator.pdf.book import assemble
    from generator.pdf.fetch import ConfinedFetcher, load_warnings
    from generator.pdf.lean import NOTES, page_areas, print_html
    from generator.pdf.tile import tile_pdf

    shared = _sheets_for(document)
    fonts, sheets = shared.fonts, shared.sheets
    fetcher = ConfinedFetcher(document.roots)
    # a user's own templates may link stylesheets this cannot read: every page area for them
    areas = None
    if document.xml and shared.areas is not None:
        named = page_areas(document.html)
        areas = None if named is None else shared.areas | named
    with load_warnings() as caught:

        def lay_out(notes: bool, markup: str) -> Any:
            html = print_html(
                string=markup,
                notes=notes,
                xml=document.xml,
                areas=areas,
                base_url=document.base_url,
                url_fetcher=fetcher,
            )
            return html.render(stylesheets=sheets, font_config=fonts)

        notes = shared.notes or NOTES.search(document.html) is not None
        try:
            laid_out = lay_out(notes, document.html)
        except Exception:
            if notes:
                raise
            # a footnote asked for where the search could not see it (a stylesheet's @import)
            notes = True
            laid_out = lay_out(notes, document.html)
        refits = {refit.sheet: refit for refit in document.refits}
        chosen = dict.fromkeys(refits, 0)  # how many sizes down each sheet is
        for _ in range(REFITS):
            # the fitting in layout estimates; a sheet whose map still ran onto
            # another page is laid out again at its next smaller sizes
            over = overflowing(laid_out.pages, refits)
            smaller = [sheet for sheet in over if chosen[sheet] < len(refits[sheet].smaller)]
            if not smaller:
                break
            if os.environ.get("JOURNEYMAP_DEBUG_FIT"):
                print(document.output, {sheet: chosen[sheet] + 1 for sheet in smaller})
            for sheet in smaller:
                chosen[sheet] += 1
            laid_out = lay_out(notes, refitted(document.html, refits, chosen))
        overflow = tuple(overflowing(laid_out.pages, refits))
        pdf = laid_out.write_pdf(pdf_variant=PDF_VARIANT)
        del laid_out  # its boxes are garbage now: let the collection after the document free them
        if document.parts:
            pdf = assemble(pdf, document.parts)
        if document.tile is not None:

            def overlay(markup: str) -> bytes:
                base = (packaged_templates() / "assets").as_uri() + "/"
                return HTML(string=markup, base_url=base, url_fetcher=fetcher).write_pdf(
                    font_config=fonts
                )

            pdf = tile_pdf(pdf, document.tile, document.title, overlay)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(pdf)
    partial.replace(target)
    refused = [(r.url, r.reason) for r in (*shared.fetcher.refused, *fetcher.refused)]
    refused_urls = {url for url, _ in refused}
    messages = [*shared.messages, *caught.messages]
    failed = [m for m in messages if not any(url in m for url in refused_urls)]
    return Outcome(document, target, refused, failed, overflow=overflow)


def refitted(html: str, refits: dict[str, Refit], chosen: dict[str, int]) -> str:
    """The document with each sheet at its chosen sizes: the pieces that hold them
    replaced within the sheet's own <section> (the sheets are in order, each written once)."""
    out = []
    done = 0
    for sheet, refit in refits.items():
        if not chosen[sheet]:
            continue
        begin = html.find(f'id="{sheet}"', done)
        if begin < 0:
            continue  # a template of the user's own that names its sheets otherwise
        end = html.find("</section>", begin)
        end = len(html) if end < 0 else end
        section = html[begin:end]
        for old, new in zip(refit.first, refit.smaller[chosen[sheet] - 1], strict=True):
            if old:
                section = section.replace(old, new, 1)
        out += [html[done:begin], section]
        done = end
    out.append(html[done:])
    return "".join(out)


def overflowing(pages: list[Any], sheets: dict[str, Any]) -> list[str]:
    """The sheets whose map did not end on the page where it began.

    A sheet's header carries the id `<sheet>-top` and its legend `<sheet>-end`;
    both are small boxes that never split, so their pages tell where the sheet ran.
    """
    top: dict[str, int] = {}
    end: dict[str, int] = {}
    for number, page in enumerate(pages):
        for anchor in page.anchors:
            if anchor.endswith("-top") and anchor[:-4] in sheets:
                top.setdefault(anchor[:-4], number)
            elif anchor.endswith("-end") and anchor[:-4] in sheets:
                end.setdefault(anchor[:-4], number)
    return [sheet for sheet in sheets if sheet in top and end.get(sheet, -1) != top[sheet]]


def _render_into(args: tuple[Document, Path]) -> Outcome:
    return render_document(*args)


def _start_worker(build: int) -> None:
    """A worker imports WeasyPrint once, for all the documents it will lay out, and sets
    aside what it inherited from the build (never garbage) from the cycle collector."""
    end_with(build)
    import weasyprint  # noqa: F401

    memory.set_aside_in_worker()


class Renderer:
    """Renders documents into the cache on `jobs` worker processes, started once per build.

    Documents are fed to the workers one at a time, longest first, so a document
    submitted later with `first=True` (the book, once its posters exist) starts
    on the next free worker instead of waiting behind every other document.
    """

    def __init__(self, cache_dir: Path, *, jobs: int) -> None:
        self.cache_dir = cache_dir
        self.jobs = max(1, jobs)
        self._todo: list[tuple[Document, Path]] = []
        self._running: dict[Future[Outcome], Document] = {}
        self._ready: list[Outcome] = []
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Renderer:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, documents: Iterable[Document], *, first: bool = False) -> None:
        """Queue documents; those whose key is in the cache are ready at once."""
        todo = []
        for document in documents:
            cached = self.cache_dir / f"{document.key}.pdf"
            if _complete(cached):
                self._ready.append(Outcome(document, cached, rendered=False))
            else:
                todo.append((document, cached))
        # the longest documents first, so no worker idles at the end waiting for one
        todo.sort(key=lambda item: len(item[0].html), reverse=True)
        self._todo = [*todo, *self._todo] if first else [*self._todo, *todo]
        if self.jobs > 1 and (self._pool is not None or len(self._todo) > 1):
            self._feed()

    def pending(self) -> bool:
        return bool(self._todo or self._running or self._ready)

    def next(self) -> Outcome:
        """The next finished document (cached ones first); renders as needed."""
        if self._ready:
            return self._ready.pop(0)
        if self.jobs == 1 or (len(self._todo) == 1 and not self._running):
            return _render_into(self._todo.pop(0))
        while True:
            self._feed()
            if self._ready:
                return self._ready.pop(0)
            wait(self._running, return_when=FIRST_COMPLETED)

    def _feed(self) -> None:
        """Collect what the workers finished and keep each of them busy with the next ones:
        two documents a worker in flight, so none idles while the build makes more HTML."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=_start_worker, initargs=(os.getpid(),)
            )
        for future in [f for f in self._running if f.done()]:
            del self._running[future]
            self._ready.append(future.result())
        while self._todo and len(self._running) < 2 * self.jobs:
            item = self._todo.pop(0)
            self._running[self._pool.submit(_render_into, item)] = item[0]


def _complete(path: Path) -> bool:
    """A cached PDF is used only if it is whole; anything else is rendered again."""
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - 1024))
            return b"%%EOF" in stream.read()
    except OSError:
        return False


def prune(cache_dir: Path, keep: Iterable[str]) -> None:
    """Forget the PDFs that no document of this build uses any more."""
    wanted = {f"{key}.pdf" for key in keep}
    for path in cache_dir.glob("*.pdf"):
        if path.name not in wanted:
            path.unlink(missing_ok=True)


def copy_whole(source: Path, target: Path) -> None:
    """Copy beside the target, then rename: a reader never sees half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    shutil.copyfile(source, partial)
    partial.replace(target)


def copy_into(outcome: Outcome, out_dir: Path) -> Path:
    target = out_dir / outcome.document.output
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_whole(outcome.path, target)
    return target
