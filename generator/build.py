"""`journeymap build`: load -> validate -> render -> write, in that order.

Everything is rendered in memory and checked before a byte is written; the
site is then written into a staging folder beside the output and swapped in
with renames, so a build that fails leaves the last good site as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from generator import pages, searchindex, site
from generator.diagnostics import ContentError, Diagnostic, display_path
from generator.paths import packaged_templates
from generator.schema import KINDS, json_schema
from generator.validate import Content, check_root, today

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
    content = load(root, strict=strict)
    check_output(content.root, out)
    files, page_count = render_site(content, drafts=drafts, pdf=pdf)
    if clean:
        forget(out)
    staging = out / f".staging-{os.getpid()}"
    try:
        write_tree(files, staging / "site")
        pdfs = 0
        if pdf:
            pdfs = render_pdfs(content, staging / "site", out, jobs=jobs, drafts=drafts)
        swap(staging / "site", out / "site", staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Result(
        out / "site",
        page_count,
        len(files),
        pdfs,
        time.perf_counter() - started,
        content.warnings,
    )


def load(root: Path, *, strict: bool) -> Content:
    content = check_root(root)
    if content.failed(strict=strict):
        raise ContentError(content.diagnostics, content.files)
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


def render_site(content: Content, *, drafts: bool, pdf: bool) -> tuple[Files, int]:
    """Every file of the site, path below the site folder -> text, bytes or a file to copy."""
    env = site.environment(content)
    labels = site.labels(content)
    plan = pages.plan(content, drafts=drafts, pdf=pdf, today=today())
    files: Files = {}
    for page in plan.pages:
        template = env.select_template(list(page.templates))
        files[page.chrome.path] = template.render(
            chrome=page.chrome, page=page.context, labels=labels
        )
    index = searchindex.search_json(plan.journeys, content.personas)
    files["search.json"] = index
    files["assets/search-index.js"] = searchindex.search_script(index)
    files["sitemap.xml"] = sitemap(content.site.base_url, [p.chrome.path for p in plan.pages])
    for kind in sorted(KINDS):
        files[f"schema/{kind}.json"] = json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
    for asset in SITE_ASSETS:
        files[asset] = _template_file(content, asset, env)
    files.update(plan.copies)
    return files, len(plan.pages)


def _template_file(content: Content, name: str, env: Environment) -> Path:
    """An asset from the user's templates folder if it has one, else ours."""
    for folder in (*site.template_dirs(content), packaged_templates()):
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
    """--clean: the PDF cache, and what a build that was killed may have left behind."""
    shutil.rmtree(out / ".cache" / "pdf", ignore_errors=True)
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


def swap(new: Path, current: Path, staging: Path) -> None:
    """Replace the published folder by the new one with two renames."""
    current.parent.mkdir(parents=True, exist_ok=True)
    old = staging / "old"
    if current.exists():
        current.rename(old)
    new.rename(current)
