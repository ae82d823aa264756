"""The pages of channels and departments, keyed one by one: after one journey's step is
edited, a build renders the pages that list that journey, not every page of its
channels and departments, and the site is still what a build from nothing makes."""

from __future__ import annotations

import re
from pathlib import Path

from bench.generate import generate
from generator.site.build import build
from tests.test_preview import files


def test_an_edited_step_renders_the_pages_that_list_its_journey(tmp_path: Path) -> None:
    root = generate(150, tmp_path / "root", steps_a_stage=1)  # 3 pages a department
    out = tmp_path / "out"
    first = build(root, out, pdf=False, drafts=True)
    site = out / "site"
    listed = sorted(
        path.relative_to(site).as_posix()
        for section in ("touchpoints", "owners")
        for path in (site / section).rglob("index.html")
    )
    assert any("/page-3/" in path for path in listed)

    edited = root / "gruppo-7" / "percorso-00077.yaml"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(
        re.sub(r"^(\s+touchpoint: ).*$", r"\1Sportello rinnovato", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    listing = [path for path in listed if "percorso-00077/" in (site / path).read_text()]
    again = build(root, out, pdf=False, drafts=True)
    # its map and the pages that list it (the summaries of channels and departments
    # count steps, not what they say: unchanged)
    assert again.rendered == 1 + len(listing)
    assert len(listing) < len(listed) / 3
    assert first.rendered > 100
    showing = [path for path in listed if "Sportello rinnovato" in (site / path).read_text()]
    assert len(showing) == 2  # its channel's page and its department's

    fresh = build(root, tmp_path / "fresh", pdf=False, drafts=True)
    assert fresh.pages == again.pages
    assert files(site) == files(tmp_path / "fresh" / "site")
