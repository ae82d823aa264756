"""Break opportunities in long words: only in text, never in markup, entities or SVG."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.pdf.text import BREAK, breakable, clip
from tests.tools import need

WORD = "Precipitevolissimevolmente" * 3  # 78 letters, no space


def test_short_words_and_ordinary_text_are_left_alone() -> None:
    html = "<p>Il cliente chiede un preventivo: perché così tanta attesa?</p>"
    assert breakable(html) is html


def test_a_long_word_gets_a_break_every_twenty_characters() -> None:
    out = breakable(f"<p>{WORD}</p>")
    pieces = out[3:-4].split(BREAK)
    assert pieces == [WORD[0:20], WORD[20:40], WORD[40:60], WORD[60:78]]


def test_a_word_of_thirty_characters_is_whole_and_one_more_is_cut() -> None:
    assert breakable(f"<p>{'a' * 30}</p>") == f"<p>{'a' * 30}</p>"
    assert breakable(f"<p>{'a' * 31}</p>") == f"<p>{'a' * 20}{BREAK}{'a' * 11}</p>"


def test_tags_and_attributes_are_never_cut() -> None:
    html = f'<a href="#{WORD}" title="{WORD}" data-x=\'{WORD}>\'>x</a><!-- {WORD} -->'
    assert breakable(html) == html


def test_entities_stay_whole() -> None:
    run = "&amp;" * 25 + "&#9733;" * 10
    pieces = breakable(f"<p>{run}</p>")[3:-4].split(BREAK)
    assert pieces == ["&amp;" * 20, "&amp;" * 5 + "&#9733;" * 10]


def test_accents_written_with_combining_marks_stay_on_their_letter() -> None:
    letter = "e\u0301"  # e + combining acute: one letter on paper
    out = breakable(f"<p>{letter * 40}</p>")
    assert out == f"<p>{letter * 20}{BREAK}{letter * 20}</p>"


def test_joined_emoji_stay_whole() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one picture, five code points
    out = breakable(f"<p>{family * 35}</p>")
    assert out == f"<p>{family * 20}{BREAK}{family * 15}</p>"


def test_title_style_script_textarea_svg_and_math_are_left_alone() -> None:
    html = (
        f"<title>{WORD}</title><style>.{WORD} {{}}</style><script>{WORD}</script>"
        f"<textarea>{WORD}</textarea>"
        f"<svg><svg><text>{WORD}</text></svg><title>{WORD}</title></svg>"
        f"<math><mi>{WORD}</mi></math>"
    )
    assert breakable(html) == html


def test_text_after_a_skipped_element_is_cut_again() -> None:
    out = breakable(f"<svg><text>{WORD}</text></svg><p>{WORD}</p><svg/><p>{WORD}</p>")
    assert out.startswith(f"<svg><text>{WORD}</text></svg>")
    assert out.count(BREAK) == 6


def test_spaces_end_a_run() -> None:
    words = " ".join(["parola"] * 20)
    assert breakable(f"<p>{words}</p>") == f"<p>{words}</p>"


def test_a_pdf_of_a_long_word_extracts_without_the_inserted_character(tmp_path: Path) -> None:
    pdftotext = need("pdftotext")
    weasyprint = pytest.importorskip("weasyprint")
    long = "Precipitevolissimevolmente" * 40
    html = (
        "<style>td { overflow-wrap: anywhere } table { table-layout: fixed; width: 80mm }</style>"
        f"<table><tr><td>{long}</td></tr></table>"
    )
    pdf = tmp_path / "long.pdf"
    weasyprint.HTML(string=breakable(html)).write_pdf(pdf)
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert BREAK not in text
    assert "".join(text.split()) == long  # every letter, wrapped over lines, none added


def test_a_runaway_heading_is_clipped_with_an_ellipsis() -> None:
    assert clip("Acquisto online", 200) == "Acquisto online"
    assert clip("x" * 200, 200) == "x" * 200
    assert clip("x" * 201, 200) == "x" * 199 + "\u2026"
    assert clip("perché " * 40, 12) == "perché perc\u2026"
    assert clip("e\u0301" * 20, 10) == "e\u0301" * 9 + "\u2026"  # marks stay on their letter
