"""`journeymap build`: load -> validate -> render -> write, in that order.

Everything is checked before a byte is written. Pages are rendered into a
staging folder beside the output (only those whose inputs changed; the rest
are linked from the last good site) and the staging folder is then swapped
in at once, so a build that fails, or is killed, leaves the last good site
exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator import searchindex, site
from generator.atomic import replace_dir
from generator.diagnostics import ContentError, Diagnostic, display_path
from generator.incremental import Manifest
from generator.pages import Planner
from generator.paths import packaged_templates
from generator.render import render_pages
from generator.schema import KINDS, json_schema
from generator.validate import Content, ModelCache, check_root

SITE_ASSETS = (
    "assets/site.css",
    "assets/map.css",
    "assets/print.css",
    "assets/search.js",
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
    cache = out / ".cache"
    if clean:
        forget(out)
    content = load(root, strict=strict, cache=cache / "models")
    workers = jobs or os.cpu_count() or 1
    manifest = Manifest.read(cache / "pages.json")
    staging = out / f".staging-{os.getpid()}"
    try:
        rendered = render_pages(
            content,
            staging / "site",
            previous=out / "site",
            manifest=manifest,
            drafts=drafts,
            pdf=pdf,
            jobs=workers,
        )
        assert rendered.planner is not None
        files = static_files(content, rendered.planner, list(rendered.keys))
        write_tree(files, staging / "site")
        pdfs = 0
        if pdf:
            pdfs = render_pdfs(content, staging / "site", out, jobs=workers, drafts=drafts)
        # the old keys must not outlive the old site: no manifest is safe, a wrong one is not
        manifest.path.unlink(missing_ok=True)
        replace_dir(staging / "site", out / "site", staging / "old")
        manifest.write(rendered.keys)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Result(
        out / "site",
        rendered.pages,
        rendered.rendered,
        rendered.pages + len(files),
        pdfs,
        time.perf_counter() - started,
        content.warnings,
    )


def load(root: Path, *, strict: bool, cache: Path | None = None) -> Content:
    models = ModelCache(cache) if cache is not None else None
    content = check_root(root, cache=models)
    if content.failed(strict=strict):
        raise ContentError(content.diagnostics, content.files)
    if models is not None:
        models.save()
    return content


class OutputError(Exception):
    """An output folder the build refuses to write to."""


def check_output(root: Path, out: Path) -> None:
    """The output must not be inside the content root: a build never writes there."""
    if out.resolve().is_relative_to(root.resolve()):
        raise OutputError(
            f"the output folder '{display_path(out)}' is inside the content root "
            f"'{display_path(root)}': choose another --out"
        )


Files = dict[str, "str | bytes | Path"]


def static_files(content: Content, planner: Planner, page_paths: list[str]) -> Files:
    """What the site holds besides its pages: search index, sitemap, schemas, assets, media."""
    env_dirs = [*site.template_dirs(content), packaged_templates()]
    index = searchindex.search_json(planner.journeys, content.personas)
    files: Files = {
        "search.json": index,
        "assets/search-index.js": searchindex.search_script(index),
        "sitemap.xml": sitemap(content.site.base_url, page_paths),
    }
    for kind in sorted(KINDS):
        files[f"schema/{kind}.json"] = json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
    for asset in SITE_ASSETS:
        files[asset] = _template_file(env_dirs, asset)
    files.update(planner.plan.copies)
    return files


def _template_file(folders: list[Path], name: str) -> Path:
    """An asset from the user's templates folder if it has one, else ours."""
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


def sitemap(base_url: str, paths: list[str]) -> str:
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
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, path)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


def forget(out: Path) -> None:
    """--clean: every cache, and what a build that was killed may have left behind."""
    shutil.rmtree(out / ".cache", ignore_errors=True)
    for leftover in out.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def render_pdfs(
    content: Content, site_dir: Path, out: Path, *, jobs: int | None, drafts: bool
) -> int:
    from generator.pdf import write_pdfs  # WeasyPrint is slow to import: only when asked

    cache = out / ".cache" / "pdf"
    return write_pdfs(
        content,
        site_dir=site_dir,
        cache_dir=cache,
        jobs=jobs or os.cpu_count() or 1,
        progress=sys.stderr.isatty(),
        drafts=drafts,
    )
