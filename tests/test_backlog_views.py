"""What the maps, the cards and the insights page show of opportunities and research:
the chips, studies and quotes on a journey's map (site and paper), each card's open
opportunities, the insights that join them, and the pages an edit makes again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.site.build import build
from tests.conftest import WriteRoot
from tests.test_pdf import words_of
from tests.test_site import Node, parse

SITE = """
    language: {language}
    stale_after_days: 365
    departments:
      vendite: {{label: Vendite}}
"""
SHOP = """
    title: Carrello del negozio
    persona: giulia
    stages:
      - name: Cassa
        steps:
          - id: cerca-il-prezzo
            title: Cerca il prezzo
            emotion: -2
            feeling: irritata
            pains: [Prezzo nascosto]
            evidence: [studio-a, "https://example.org/analisi"]
          - id: paga
            title: Paga l'ordine
            emotion: -1
            pains: [Troppi campi]
          - id: riceve
            title: Riceve il pacco
            emotion: 1
"""
B2B = """
    title: Acquisto in azienda
    persona: giulia
    stages:
      - name: Contratto
        steps:
          - id: firma
            title: Firma il contratto
            emotion: -1
            pains: [Attesa]
            evidence: ["Intervista n. 4"]
"""
OPPORTUNITIES = {
    "opportunities/prezzi/listino.yaml": """
        title: "Listino <script>alert(1)</script> più chiaro"
        status: planned
        impact: 4
        effort: 2
        addresses: [negozio/carrello#cerca-il-prezzo]
    """,
    "opportunities/checkout/ospite.yaml": """
        title: Acquisto come ospite
        status: done
        impact: 5
        effort: 2
        addresses: [negozio/carrello#cerca-il-prezzo]
    """,
    "opportunities/vecchia.yaml": """
        title: Modulo più corto
        status: dropped
        addresses: [negozio/carrello#paga]
    """,
    "opportunities/b2b/attesa.yaml": """
        title: Chiamata di benvenuto
        status: in-progress
        addresses: [b2b/acquisto#firma]
    """,
    "opportunities/b2b/chiamata.yaml": """
        title: Un referente unico
        addresses: [b2b/acquisto#firma]
    """,
}
STUDIES = {
    "research/studio-a.yaml": """
        title: Interviste a Forlì
        method: interviews
        date: 2024-01-10
        quotes:
          - text: "Perché <b>così</b> caro?"
            who: Titolare, bar di Forlì
            step: negozio/carrello#cerca-il-prezzo
    """,
    "research/studio-b.yaml": """
        title: Sondaggio d'autunno
        date: 2026-10-01
        quotes:
          - text: Firmare è stato facile.
            step: b2b/acquisto#firma
    """,
}
TODAY = date(2026, 11, 23)  # conftest pins it


@pytest.fixture
def root(write_root: WriteRoot) -> Path:
    return make_root(write_root, "en")


def make_root(write_root: WriteRoot, language: str) -> Path:
    return write_root(
        {
            "site.yaml": SITE.format(language=language),
            "personas/giulia.yaml": "name: Giulia\n",
            "negozio/carrello.yaml": SHOP,
            "b2b/acquisto.yaml": B2B,
            **OPPORTUNITIES,
            **STUDIES,
        }
    )


def built(root: Path, out: Path) -> Path:
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    return out / "site"


def lane(page: Node, lane_id: str) -> list[Node]:
    row = page.one("tr", f"jm-lane--{lane_id}")
    return row.all("td")


def test_the_map_shows_each_opportunity_as_a_chip_with_its_status(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    page = parse(site / "journeys/negozio/carrello/index.html")
    cells = lane(page, "opportunities")
    chips = [[(c.attrs["class"], c.text()) for c in cell.all("li", "jm-opp")] for cell in cells]
    assert chips == [  # in priority order: 5/2 before 4/2
        [
            ("jm-opp jm-opp--done jm-opp--closed", "✓ Done Acquisto come ospite"),
            ("jm-opp jm-opp--planned", "Planned Listino <script>alert(1)</script> più chiaro"),
        ],
        [("jm-opp jm-opp--dropped jm-opp--closed", "Dropped Modulo più corto")],
        [],
    ]
    links = [a.attrs["href"] for a in cells[0].all("a", "jm-opp-link")]
    assert links == [
        "../../../opportunities/checkout/ospite/index.html",
        "../../../opportunities/prezzi/listino/index.html",
    ]
    html = (site / "journeys/negozio/carrello/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "Listino &lt;script&gt;alert(1)&lt;/script&gt; più chiaro" in html


def test_the_map_shows_a_steps_studies_by_title_and_its_quotes_by_its_feeling(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    page = parse(site / "journeys/negozio/carrello/index.html")
    evidence = lane(page, "evidence")[0]
    assert [li.text() for li in evidence.all("li")] == [
        "Interviste a Forlì",
        "https://example.org/analisi",
    ]
    assert evidence.one("a", "jm-study").attrs["href"] == "../../../research/studio-a/index.html"
    feeling = lane(page, "feeling")
    said = feeling[0].one("figure", "jm-said")
    assert said.one("blockquote").text() == "\u201cPerché <b>così</b> caro?\u201d"
    assert said.one("figcaption").text() == "\u2014 Titolare, bar di Forlì, Interviste a Forlì"
    assert said.one("a").attrs["href"] == "../../../research/studio-a/index.html"
    assert feeling[0].text().startswith("irritata")
    assert [cell.all("figure") for cell in feeling[1:]] == [[], []]
    html = (site / "journeys/negozio/carrello/index.html").read_text(encoding="utf-8")
    assert "Perché &lt;b&gt;così&lt;/b&gt; caro?" in html


def test_a_quote_makes_the_feeling_lane_show_where_no_step_has_a_feeling(
    root: Path, tmp_path: Path
) -> None:
    page = parse(built(root, tmp_path / "out") / "journeys/b2b/acquisto/index.html")
    said = lane(page, "feeling")[0].one("figure", "jm-said")
    assert said.text() == "\u201cFirmare è stato facile.\u201d \u2014 Sondaggio d'autunno"


def test_italian_maps_say_the_status_and_quote_in_italian(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    site = built(make_root(write_root, "it"), tmp_path / "out")
    page = parse(site / "journeys/negozio/carrello/index.html")
    chips = [c.text() for c in lane(page, "opportunities")[0].all("li", "jm-opp")]
    assert chips == [
        "✓ Fatta Acquisto come ospite",
        "Pianificata Listino <script>alert(1)</script> più chiaro",
    ]
    said = lane(page, "feeling")[0].one("blockquote")
    assert said.text() == "\u00abPerché <b>così</b> caro?\u00bb"
    cards = parse(site / "index.html").all("p", "jm-card-opps")
    # by title: Acquisto in azienda, Carrello del negozio
    assert [c.text() for c in cards] == ["2 opportunità aperte", "1 opportunità aperta"]


def test_each_card_counts_its_open_opportunities_in_words_and_links_to_them(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    index = parse(site / "index.html")
    found = {
        card.one("h3").text(): [
            (p.text(), p.one("a").attrs["href"]) for p in card.all("p", "jm-card-opps")
        ]
        for card in index.all("article", "jm-card")
    }
    assert found == {
        "Acquisto in azienda": [
            ("2 open opportunities", "opportunities/index.html?journey=b2b/acquisto")
        ],
        "Carrello del negozio": [
            ("1 open opportunity", "opportunities/index.html?journey=negozio/carrello")
        ],
    }
    persona = parse(site / "personas/giulia/index.html")
    assert [p.one("a").attrs["href"] for p in persona.all("p", "jm-card-opps")] == [
        "../../opportunities/index.html?journey=b2b/acquisto",
        "../../opportunities/index.html?journey=negozio/carrello",
    ]


def test_a_journey_whose_opportunities_are_all_closed_says_none_is_open(
    root: Path, tmp_path: Path
) -> None:
    (root / "opportunities/prezzi/listino.yaml").unlink()
    site = built(root, tmp_path / "out")
    cards = [c.text() for c in parse(site / "index.html").all("p", "jm-card-opps")]
    assert cards == ["2 open opportunities", "No open opportunities"]


def section_rows(site: Path, section: str) -> list[list[str]]:
    page = parse(site / "insights/index.html")
    found = page.by_id(section)
    assert found is not None, section
    return [[td.text() for td in tr.all("td")] for tr in found.all("tr") if tr.all("td")]


def section_links(site: Path, section: str) -> list[str]:
    found = parse(site / "insights/index.html").by_id(section)
    assert found is not None
    return [a.attrs["href"] for a in found.all("a")]


def test_insights_list_pains_in_valleys_that_no_opportunity_addresses(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    # cerca-il-prezzo has a planned one, firma two open ones; paga only a dropped one
    assert section_rows(site, "jm-unaddressed") == [
        ["Paga l'ordine Carrello del negozio", "\u22121", "Troppi campi"]
    ]
    assert section_links(site, "jm-unaddressed") == ["../journeys/negozio/carrello/index.html#paga"]


def test_insights_list_the_emotions_resting_on_no_evidence_with_their_share(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    # (the parsed text puts a space after each link)
    assert section_rows(site, "jm-assumed") == [
        ["Carrello del negozio", "67% (2/3)", "Paga l'ordine , Riceve il pacco"]
    ]
    assert section_links(site, "jm-assumed") == [
        "../journeys/negozio/carrello/index.html",
        "../journeys/negozio/carrello/index.html#paga",
        "../journeys/negozio/carrello/index.html#riceve",
    ]


def test_a_quote_placed_at_a_step_is_evidence_for_its_emotion(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = make_root(write_root, "en")
    path = root / "b2b/acquisto.yaml"
    path.write_text(path.read_text().replace('evidence: ["Intervista n. 4"]', ""))
    site = built(root, tmp_path / "out")
    assert [row[0] for row in section_rows(site, "jm-assumed")] == ["Carrello del negozio"]


def test_insights_list_the_opportunities_done_whose_steps_are_still_valleys(
    root: Path, tmp_path: Path
) -> None:
    site = built(root, tmp_path / "out")
    assert section_rows(site, "jm-done-valleys") == [
        ["Acquisto come ospite", "Cerca il prezzo Carrello del negozio", "\u22122"]
    ]
    assert section_links(site, "jm-done-valleys") == [
        "../opportunities/checkout/ospite/index.html",
        "../journeys/negozio/carrello/index.html#cerca-il-prezzo",
    ]


def test_insights_list_the_studies_older_than_stale_after_days(root: Path, tmp_path: Path) -> None:
    site = built(root, tmp_path / "out")
    days = (TODAY - date(2024, 1, 10)).days
    assert section_rows(site, "jm-stale-research") == [
        ["Interviste a Forlì", f"2024-01-10 ({days:,} days ago)", "1"]
    ]
    assert section_links(site, "jm-stale-research") == ["../research/studio-a/index.html"]


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("index.html")}


def test_an_edited_opportunity_renders_again_only_the_pages_that_show_it(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    before = inodes(out / "site")
    path = root / "opportunities/b2b/attesa.yaml"
    path.write_text(path.read_text().replace("Chiamata di benvenuto", "Una chiamata"))
    build(root, out, pdf=False, jobs=1)
    after = inodes(out / "site")
    again = sorted(page for page in after if after[page] != before.get(page))
    # its own page, the list, its journey's map and the insights; the cards count no
    # title: the index stays
    assert again == [
        "insights/index.html",
        "journeys/b2b/acquisto/index.html",
        "opportunities/b2b/attesa/index.html",
        "opportunities/index.html",
    ]

    path.write_text(path.read_text().replace("in-progress", "done"))
    build(root, out, pdf=False, jobs=1)
    final = inodes(out / "site")
    again = sorted(page for page in final if final[page] != after[page])
    # one open fewer on its card: the index and the persona's page, which show it
    assert again == [
        "index.html",
        "insights/index.html",
        "journeys/b2b/acquisto/index.html",
        "opportunities/b2b/attesa/index.html",
        "opportunities/index.html",
        "personas/giulia/index.html",
    ]
    clean = tmp_path / "clean"
    build(root, clean, pdf=False, jobs=1, clean=True)
    assert all(
        (out / "site" / page).read_bytes() == (clean / "site" / page).read_bytes() for page in final
    )


def test_an_edited_study_renders_again_the_journeys_that_cite_or_quote_it(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    before = inodes(out / "site")
    path = root / "research/studio-b.yaml"
    path.write_text(path.read_text().replace("facile", "semplice"))
    build(root, out, pdf=False, jobs=1)
    after = inodes(out / "site")
    again = sorted(page for page in after if after[page] != before.get(page))
    assert again == [
        "insights/index.html",
        "journeys/b2b/acquisto/index.html",
        "research/index.html",
        "research/studio-b/index.html",
    ]


@pytest.mark.slow
def test_printed_maps_show_the_chips_and_quotes_and_blank_maps_none(
    root: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    pdf, blank = tmp_path / "map.pdf", tmp_path / "blank.pdf"
    args = ["pdf", "negozio/carrello", "--root", str(root), "--paper", "A4"]
    assert runner.invoke(cli, [*args, "-o", str(pdf)]).exit_code == 0
    assert runner.invoke(cli, [*args, "--blank", "-o", str(blank)]).exit_code == 0
    words = words_of(pdf)
    for expected in (
        "PLANNED Listino <script>alert(1)</",  # the tag's words, as written
        "script> più chiaro",
        "✓ DONE Acquisto come ospite",
        "DROPPED Modulo più corto",
        "\u201cPerché <b>così</b> caro?\u201d",
        "\u2014 Titolare, bar di Forlì, Interviste a Forlì",
    ):
        assert expected in words, expected
    empty = words_of(blank)
    for absent in ("PLANNED", "DONE", "Listino", "caro?", "Interviste"):
        assert absent not in empty, absent
