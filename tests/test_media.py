"""Images in an author's Markdown: judged at their place, copied with the site, and
found from every page that shows them and from the PDFs."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.content.validate import check_root

PIXEL = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
    '<rect width="4" height="4"/></svg>'
)
PERSONA = """
name: Giulia
description: Ritratto ![volto di Giulia](../images/giulia.svg)
"""


def journey(summary: str, doing: str = "Cerca un caffè") -> str:
    return f"""
title: Caffè al bar
persona: [giulia]
summary: "{summary}"
stages:
  - name: Scoperta
    steps:
      - title: Cerca
        doing: "{doing}"
"""


def root_with(write_root, summary: str, doing: str = "Cerca un caffè") -> Path:
    return write_root(
        {
            "bar/caffe.yaml": journey(summary, doing),
            "personas/giulia.yaml": PERSONA,
            "images/giulia.svg": PIXEL,
            "images/mappa.svg": PIXEL,
        }
    )


def test_images_that_cannot_come_with_the_site_are_errors_at_their_place(write_root) -> None:
    summary = (
        "![a](https://example.org/pixel.png) ![b](../images/nope.png) "
        "![c](../../../etc/passwd) ![d](data:image/png;base64,iVBORw0KGgo=) "
        "![e](../images/mappa.svg)"
    )
    root = root_with(write_root, summary)
    content = check_root(root)
    messages = sorted((d.file.rsplit("/", 1)[-1], d.line, d.message) for d in content.errors)
    assert messages == [
        ("caffe.yaml", 3, "summary: image '../../../etc/passwd' is outside the content root"),
        ("caffe.yaml", 3, "summary: image '../images/nope.png' does not exist"),
        (
            "caffe.yaml",
            3,
            "summary: image 'https://example.org/pixel.png' is on the network: the site fetches "
            "nothing; copy it into the content root",
        ),
    ]


def test_a_remote_image_in_a_step_fails_the_build_and_publishes_nothing(
    write_root, tmp_path
) -> None:
    root = root_with(write_root, "Al bar", doing="![traccia](https://example.org/t.png)")
    result = CliRunner().invoke(
        cli, ["build", str(root), "--out", str(tmp_path / "out"), "--no-pdf"]
    )
    assert result.exit_code == 1
    assert (
        "caffe.yaml:8:16: error: " in result.stderr
        and "stages[0].steps[0].doing (Scoperta > Cerca): image" in result.stderr
    )
    assert not (tmp_path / "out" / "site").exists()


def test_images_of_the_root_are_copied_and_found_from_each_page(write_root, tmp_path) -> None:
    root = root_with(
        write_root, "Vedi ![mappa](../images/mappa.svg)", doing="![schema](../images/mappa.svg)"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    site = out / "site"
    assert (site / "media/images/mappa.svg").read_text(encoding="utf-8") == PIXEL
    shown = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "journeymap-media:" not in html
        for source in re.findall(r'<img[^>]* src="([^"]+)"', html):
            assert (page.parent / source).resolve().is_file(), (page, source)
            shown += 1
    journey_page = (site / "journeys/bar/caffe/index.html").read_text(encoding="utf-8")
    assert journey_page.count('src="../../../media/images/mappa.svg"') == 2
    persona_page = (site / "personas/giulia/index.html").read_text(encoding="utf-8")
    assert 'src="../../media/images/giulia.svg" alt="volto di Giulia"' in persona_page
    assert shown >= 3


def test_a_poster_takes_the_image_from_the_content_root(write_root) -> None:
    from generator.pdf.docs import Printer
    from generator.pdf.layout import parse_paper

    root = root_with(write_root, "Al bar", doing="![schema](../images/mappa.svg)")
    content = check_root(root)
    document = Printer(content).poster_document(
        "bar/caffe", parse_paper("A3"), blank=False, tile=None, output="caffe.pdf"
    )
    assert f'src="{(root / "images/mappa.svg").resolve().as_uri()}"' in document.html
    assert "journeymap-media:" not in document.html


# Author text that reads like the marker the renderer puts before an image's place
LOOKALIKE = "journeymap-media:media/x.png è src=journeymap-media:"


def test_author_text_like_the_image_marker_is_shown_as_written(write_root, tmp_path) -> None:
    root = root_with(
        write_root, f"Vedi `{LOOKALIKE}` e ![mappa](../images/mappa.svg)", doing=LOOKALIKE
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    journey_page = (out / "site/journeys/bar/caffe/index.html").read_text(encoding="utf-8")
    assert journey_page.count(LOOKALIKE) >= 2  # the code span in the summary, and the step
    assert 'src="../../../media/images/mappa.svg"' in journey_page
    assert "../../../media/x.png" not in journey_page
    for page in (out / "site").rglob("*.html"):
        assert "media/x.png" not in page.read_text(encoding="utf-8").replace(LOOKALIKE, "")


def test_a_poster_shows_author_text_like_the_image_marker_as_written(write_root) -> None:
    from generator.pdf.docs import Printer
    from generator.pdf.layout import parse_paper

    root = root_with(write_root, "Al bar", doing=f"{LOOKALIKE} ![schema](../images/mappa.svg)")
    content = check_root(root)
    document = Printer(content).poster_document(
        "bar/caffe", parse_paper("A3"), blank=False, tile=None, output="caffe.pdf"
    )
    assert LOOKALIKE in document.html
    assert f'src="{(root / "images/mappa.svg").resolve().as_uri()}"' in document.html
