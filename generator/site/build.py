"""`journeymap build`: load -> validate -> render -> write, in that order.

`build()` reads as the outline, one call a step: the output checked (here), the
last good build asked whether anything changed at all (`reuse`), the content
read and checked (`content.validate`), the pages rendered (`render`, from the
view models of `views`), the other files written (here), the printable maps
(`pdf`), and the new site published (`staging`).

Everything is checked before a byte is written. Pages are rendered into a
staging folder beside the output (only those whose inputs changed; the rest
are linked from the last good site) and the staging folder is then swapped
in at once, so a build that fails, or is killed, leaves the last good site
exactly as it was.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.common import memory
from generator.common.paths import packaged_templates
from generator.content import media
from generator.content.cache import ModelCache
from generator.content.diagnostics import ContentError, Diagnostic, display_path
from generator.content.root import Content
from generator.content.schema import KINDS, json_schema
from generator.content.validate import check_root
from generator.history import git
from generator.site.incremental import LastBuild
from generator.site.render import Rendered, render_pages
from generator.site.reuse import Reuse, inputs_of
from generator.site.staging import Staging, retire
from generator.views.environment import template_dirs
from generator.views.pages import Planner

SITE_ASSETS = (
    "assets/site.css",
    "assets/map.css",
    "assets/print.css",
    "assets/search.js",
    "assets/minisearch.js",
    "assets/opportunities.js",
    "assets/map.js",
    "assets/favicon.svg",
)


@dataclass(frozen=True)
class Result:
    site: Path
    pages: int
    rendered: int
    files: int
    pdfs: int
    seconds: float
    warnings: list[Diagnostic]
    notes: tuple[str, ...] = ()  # posters of several sheets: the paper that holds each on one


def build(
    root: Path,
    out: Path,
    *,
    pdf: bool = True,
    drafts: bool = False,
    strict: bool = False,
    jobs: int | None = None,
    clean: bool = False,
) -> Result:
    """The whole build; raises ContentError (nothing written) when the content is invalid."""
    started = time.perf_counter()
    check_output(root, out)
    if clean:
        forget(out)
    last = Reuse(out, inputs_of(root, pdf=pdf, drafts=drafts))
    unchanged = last.unchanged()
    if unchanged is not None:
        return _again(unchanged, out, strict=strict, started=started)
    workers = jobs or os.cpu_count() or 1
    content = load(root, strict=strict, cache=out / ".cache" / "models", jobs=workers)
    try:
        with Staging(out) as staging:
            target = staging.site
            rendered = render_site(content, target, last, drafts=drafts, pdf=pdf, jobs=workers)
            files = rendered.pages + write_static_files(content, rendered, target)
            notes: list[str] = []
            pdfs = (
                render_pdfs(content, target, out, jobs=workers, drafts=drafts, notes=notes)
                if pdf
                else 0
            )
            last.forget()
            mark_output(out)
            staging.publish()
            last.record(content, rendered, files, pdfs)
    finally:
        memory.release()  # a long `serve` session collects what each build left
    seconds = time.perf_counter() - started
    return Result(
        out / "site",
        rendered.pages,
        rendered.rendered,
        files,
        pdfs,
        seconds,
        content.warnings,
        tuple(notes),
    )


def render_site(
    content: Content, target: Path, last: Reuse, *, drafts: bool, pdf: bool, jobs: int
) -> Rendered:
    """Every page and the search index into `target`, taking over the last build's pages
    whose inputs did not change."""
    return render_pages(
        content,
        target,
        previous=last.site,
        manifest=last.manifest,
        cards=last.cards,
        search=last.search,
        compiled=last.compiled,
        parts=last.parts,
        history=git.history(content.root),  # one git log for the whole root
        drafts=drafts,
        pdf=pdf,
        jobs=jobs,
    )


def write_static_files(content: Content, rendered: Rendered, target: Path) -> int:
    """The sitemap, schemas, assets and media beside the pages; how many files."""
    assert rendered.planner is not None
    files = static_files(content, rendered.planner, list(rendered.keys))
    write_tree(files, target)
    return len(files)


def _again(last: LastBuild, out: Path, *, strict: bool, started: float) -> Result:
    """Nothing the site is made from changed since the last good build, and its site is
    intact: that build's answer, its warnings included (--strict fails on them)."""
    warnings = [Diagnostic(**entry) for entry in last.warnings]  # type: ignore[arg-type]
    if strict and warnings:
        raise ContentError(warnings, last.checked)
    seconds = time.perf_counter() - started
    return Result(out / "site", last.pages, 0, last.files, 0, seconds, warnings)  # none rendered


def load(
    root: Path, *, strict: bool, cache: Path | ModelCache | None = None, jobs: int = 1
) -> Content:
    """`cache`: the model cache's folder, or a model cache kept open (`KeptModels`)."""
    models = ModelCache(cache) if isinstance(cache, Path) else cache
    content = check_root(root, cache=models, jobs=jobs)
    # the models live to the end of the build: later collections need not walk them again
    memory.set_aside()
    if content.failed(strict=strict):
        if models is not None:
            models.discard()
        raise ContentError(content.diagnostics, content.files)
    if models is not None:
        models.save()
    return content


class OutputError(Exception):
    """An output folder the build refuses to write to."""


# Left in the output folder by a build: the site beside it is journeymap's to replace.
OWNER_MARK = ".journeymap"


def check_output(root: Path, out: Path) -> None:
    """A build replaces the output's site whole and writes nothing else: the content root
    must be neither around nor inside what it replaces, and the site must be its own."""
    real_root = root.resolve()
    if out.resolve().is_relative_to(real_root):
        raise OutputError(
            f"the output folder '{display_path(out)}' is inside the content root "
            f"'{display_path(root)}': choose another --out"
        )
    site_dir = out / "site"
    if site_dir.is_symlink():
        raise OutputError(
            f"'{display_path(site_dir)}' is a link, and a build replaces that folder whole: "
            "choose an --out whose site folder is a real folder"
        )
    replaced = [
        (site_dir, "its site folder"),
        (out / ".cache", "its cache"),
        *((staging, "a folder it stages a site in") for staging in out.glob(".staging-*")),
    ]
    for folder, what in replaced:
        if real_root.is_relative_to(folder.resolve()):
            where = "is" if real_root == folder.resolve() else "is inside"
            raise OutputError(
                f"the content root '{display_path(root)}' {where} {what} "
                f"('{display_path(folder)}'), which each build of '{display_path(out)}' "
                "replaces: choose another --out"
            )
    if site_dir.is_dir() and any(site_dir.iterdir()) and not _made_here(out):
        raise OutputError(
            f"'{display_path(site_dir)}' was not made by journeymap, and a build replaces it: "
            "move it away or choose another --out"
        )


def _made_here(out: Path) -> bool:
    # a manifest: the output of a build made before the mark was left
    return (out / OWNER_MARK).is_file() or (out / ".cache" / "pages.json").is_file()


def mark_output(out: Path) -> None:
    """Claim the output folder before its site is first replaced (see check_output)."""
    mark = out / OWNER_MARK
    if not mark.is_file():
        mark.write_text(
            "journeymap builds its site/ here and replaces it whole at every build.\n",
            encoding="utf-8",
        )


Files = dict[str, "str | bytes | Path"]


def static_files(content: Content, planner: Planner, page_paths: list[str]) -> Files:
    """What the site holds besides its pages and search index: sitemap, schemas, assets,
    media."""
    env_dirs = [*template_dirs(content), packaged_templates()]
    files: Files = {}
    xml = sitemap(content.site.base_url, page_paths)
    if xml is not None:
        files["sitemap.xml"] = xml
    files.update(_schemas())
    for asset in SITE_ASSETS:
        files[asset] = _template_file(env_dirs, asset)
    files.update(planner.plan.copies)
    files.update(media_copies(content))
    return files


@functools.cache
def _schemas() -> dict[str, str]:
    """The JSON schemas of the files a root holds: the tool's, made once a process."""
    return {
        f"schema/{kind}.json": json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
        for kind in sorted(KINDS)
    }


def media_copies(content: Content) -> dict[str, Path]:
    """The images of the content root that journeys' and personas' Markdown shows, where
    the site keeps them."""
    root = content.root.resolve()
    named = [
        (path, content.journeys.facts[jid].images) for jid, path in content.journey_files.items()
    ]
    for pid, path in content.persona_files.items():
        texts = media.persona_texts(content.personas[pid])
        named.append((path, tuple(src for _, text in texts for src in media.images(text))))
    copies: dict[str, Path] = {}
    for source, images in named:
        for image in images:
            found = media.copied(image, source.parent, root)
            if found is not None:
                copies[found[0]] = found[1]
    return copies


def _template_file(folders: list[Path], name: str) -> Path:
    """An asset from the user's templates folder if it has one, else ours."""
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


def sitemap(base_url: str, paths: list[str]) -> str | None:
    """The pages' addresses for search engines, or None when base_url is not a full URL
    (`https://example.org/journeys/`): the sitemap protocol takes absolute URLs only, and
    a site published at a path (`/journeys/`, the default `/`) is often an intranet's."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    base = base_url if base_url.endswith("/") else base_url + "/"
    urls = []
    for path in sorted(paths):
        if path == "404.html":
            continue
        location = path.removesuffix("index.html")
        urls.append(f"  <url><loc>{_xml(base + location)}</loc></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_tree(files: Files, target: Path) -> None:
    for relative, data in sorted(files.items()):
        path = target / relative
        if path.is_dir():  # a folder the last site but one had here (see staging): empty
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, path)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


def forget(out: Path) -> None:
    """--clean: every cache, and what a build that was killed may have left behind."""
    cache = out / ".cache"
    if (cache / "spare").is_dir():
        retire(cache / "spare", out)  # a whole site's folders: removed in the background
    for entry in cache.iterdir() if cache.is_dir() else ():
        if entry.name == "trash":
            continue  # being removed in the background
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    for leftover in out.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def render_pdfs(
    content: Content,
    site_dir: Path,
    out: Path,
    *,
    jobs: int | None,
    drafts: bool,
    notes: list[str] | None = None,
) -> int:
    from generator.pdf.maps import write_pdfs  # WeasyPrint is slow to import: only when asked

    cache = out / ".cache" / "pdf"
    return write_pdfs(
        content,
        site_dir=site_dir,
        cache_dir=cache,
        jobs=jobs or os.cpu_count() or 1,
        progress=sys.stderr.isatty(),
        drafts=drafts,
        notes=notes,
    )
