"""The opportunities and research pages, built by the real CLI, read as HTML."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.site.build import build as build_site
from tests.conftest import WriteRoot
from tests.test_site import EXAMPLE, Node, build, parse

JOURNEY = """\
title: {title}
persona: giulia
stages:
  - name: Acquisto
    steps:
      - title: Cerca il prezzo
        id: cerca-il-prezzo
        emotion: -2
        pains: [Nessun prezzo è scritto]
        channel: web
        owner: vendite
        evidence: [interviste]
      - title: Firma
        id: firma
        emotion: 1
"""
HOSTILE = '<script>alert("x")</script> Perché è già'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, _stdout, stderr = build(EXAMPLE, out)
    assert code == 0, stderr
    return out / "site"


def italian_root(write_root: WriteRoot) -> Path:
    return write_root(
        {
            "site.yaml": "language: it\ndepartments:\n  vendite: {label: Vendite è}\n",
            "personas/giulia.yaml": "name: Giulia\n",
            "acquisti/uno.yaml": JOURNEY.format(title="Primo acquisto"),
            "acquisti/due.yaml": JOURNEY.format(title="Secondo acquisto"),
            "acquisti/tre.yaml": JOURNEY.format(title="Terzo acquisto").replace(
                "evidence: [interviste]", "evidence: []"
            ),
            "opportunities/prezzi.yaml": (
                f"title: '{HOSTILE}'\nstatus: planned\nowner: vendite\nimpact: 4\neffort: 2\n"
                "addresses: [acquisti/uno#cerca-il-prezzo]\nevidence: [interviste, Il CRM]\n"
                "description: 'Un **listino** <b>pubblico</b>'\ntags: [prezzi]\n"
            ),
            "opportunities/firma.yaml": (
                "title: Firma digitale\nstatus: done\nimpact: 2\neffort: 4\n"
                "addresses: [acquisti/tre#firma]\n"
            ),
            "research/interviste.yaml": (
                "title: Interviste ai titolari\nmethod: interviews\nparticipants: 8\n"
                "quotes:\n  - text: 'Perché non c\u2019è il prezzo?'\n    who: Titolare\n"
                "    step: acquisti/due#cerca-il-prezzo\n"
            ),
        }
    )


def rows(page: Node) -> list[Node]:
    table = next(t for t in page.all("table") if t.attrs.get("id") == "jm-opps")
    return table.one("tbody").all("tr")


def test_the_opportunities_page_lists_every_one_worst_first(site: Path) -> None:
    page = parse(site / "opportunities/index.html")
    found = rows(page)
    titles = [r.one("th").all("a")[0].text() for r in found]
    assert titles[:2] == ["Bring back guest checkout", "Publish a transparent price list"]
    assert len(titles) == 5
    assert [r.all("td")[0].text() for r in found] == ["1", "2", "3", "4", "5"]
    first = found[1]
    assert first.attrs["data-status"] == "planned"
    assert first.attrs["data-owner"] == "marketing"
    assert first.attrs["data-journey"] == "b2b/first-purchase|ecommerce/cart-abandonment"
    assert first.attrs["data-tag"] == "pricing|website"
    assert page.one("form", "jm-filters").attrs.get("hidden") is not None  # the script shows it
    select = [s.attrs["name"] for s in page.all("select")]
    assert select == ["status", "owner", "journey", "persona", "tag"]


def test_the_matrix_is_drawn_with_a_table_beside_it(site: Path) -> None:
    page = parse(site / "opportunities/index.html")
    svg = page.one("svg", "jm-matrix-svg")
    assert svg.attrs["role"] == "img"
    assert [g.one("text").text() for g in svg.all("g", "jm-matrix-point")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    table = page.one("table", "jm-sr-only")
    assert table.one("caption").text() == "The opportunities on the matrix, as a table"
    assert len(table.one("tbody").all("tr")) == 5


def test_an_opportunity_page_shows_its_steps_journey_by_journey(site: Path) -> None:
    page = parse(site / "opportunities/pricing/transparent-price-list/index.html")
    assert page.one("h1").text() == "Publish a transparent price list"
    facts = {d.one("dt").text(): d.one("dd").text() for d in page.one("dl").all("div")}
    assert facts == {
        "Status": "Planned",
        "Owner": "Marketing",
        "Impact": "4",
        "Effort": "2",
        "Target": "2027-03-31",
        "Tracked at": "https://tracker.example.org/CX-42",
    }
    groups = [h.text() for h in page.all("h3")]
    assert groups == [
        "First purchase of a management software",
        "Cart abandonment and win-back in the online shop",
    ]
    step = page.all("table", "jm-opp-steps")[0].one("tbody").one("tr")
    link = step.one("th").all("a")[0]
    assert (
        link.attrs["href"] == "../../../journeys/b2b/first-purchase/index.html#visits-pricing-page"
    )
    assert [c.text() for c in step.all("td")] == [
        "\u22121",
        "No price, not even a range, on the website",
        "Marketing",
        "Website",
    ]
    evidence = page.one("ul", "jm-evidence").all("a")
    assert [a.attrs["href"] for a in evidence] == [
        "../../../research/interviews/it-managers-2026/index.html",
        "https://example.org/analytics/pricing-page",
    ]


def test_the_research_pages_list_studies_and_what_cites_them(site: Path) -> None:
    listing = parse(site / "research/index.html")
    first = listing.one("tbody").all("tr")[0]
    assert [c.text() for c in first.all("td")][:3] == ["Usability test", "2026-06-12", "8"]
    study = parse(site / "research/interviews/it-managers-2026/index.html")
    quotes = study.all("figure", "jm-study-quote")
    assert quotes[0].one("blockquote").text() == "Perché devo chiamare per sapere il prezzo?"
    caption = quotes[0].one("figcaption")
    assert caption.text().startswith("IT manager, 40-person firm · At ")
    assert (
        caption.one("a")
        .attrs["href"]
        .endswith("journeys/b2b/first-purchase/index.html#visits-pricing-page")
    )
    cited = [a.text() for a in study.all("a") if "/opportunities/" in a.attrs.get("href", "")]
    assert "Publish a transparent price list" in cited


def test_every_link_of_the_new_pages_leads_to_a_file_and_an_anchor(site: Path) -> None:
    pages = [*site.glob("opportunities/**/index.html"), *site.glob("research/**/index.html")]
    assert len(pages) == 5 + 1 + 2 + 1
    checked = 0
    for page in pages:
        for node in parse(page).all("a"):
            href = node.attrs.get("href", "")
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#"):
                continue
            assert not href.startswith("/"), href  # relative: file:// and any sub-path
            here = page.parent.relative_to(site).as_posix()
            target = site / posixpath.normpath(posixpath.join(here, unquote(parts.path)))
            assert target.is_file(), f"{page}: {href}"
            if parts.fragment:
                assert parse(target).by_id(parts.fragment) is not None, f"{page}: {href}"
            checked += 1
    assert checked > 40


def test_the_navigation_names_both_sections(site: Path) -> None:
    nav = parse(site / "index.html").one("nav", "jm-nav")
    assert [a.text() for a in nav.all("a")][-2:] == ["Opportunities", "Research"]
    current = parse(site / "research/index.html").one("nav", "jm-nav")
    assert [a.text() for a in current.all("a") if a.attrs.get("aria-current")] == ["Research"]


def test_a_site_without_opportunities_has_neither_section(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = write_root({"a/b.yaml": "title: B\nstages:\n  - name: S\n    steps: [{title: T}]\n"})
    code, _, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    nav = parse(tmp_path / "out/site/index.html").one("nav", "jm-nav")
    assert [a.text() for a in nav.all("a")][-1] == "Insights"
    assert not (tmp_path / "out/site/opportunities").exists()


def test_author_text_is_escaped_and_the_pages_speak_italian(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = italian_root(write_root)
    code, _, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    site = tmp_path / "out/site"
    for path in ("opportunities/index.html", "opportunities/prezzi/index.html"):
        text = (site / path).read_text(encoding="utf-8")
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Perché è già" in text
        assert "<b>pubblico</b>" not in text
    page = parse(site / "opportunities/prezzi/index.html")
    assert page.one("h1").text() == HOSTILE
    facts = {d.one("dt").text(): d.one("dd").text() for d in page.one("dl").all("div")}
    assert facts["Stato"] == "Pianificata" and facts["Responsabile"] == "Vendite è"
    assert page.one("div", "jm-prose").one("strong").text() == "listino"
    assert [li.text() for li in page.one("ul", "jm-evidence").all("li")] == [
        "Interviste ai titolari",
        "Il CRM",
    ]
    listing = parse(site / "opportunities/index.html")
    assert listing.one("h1").text() == "Opportunità"
    assert (
        listing.one("svg", "jm-matrix-svg").all("title")[0].text()
        == "Opportunità per impatto e sforzo"
    )
    study = parse(site / "research/interviste/index.html")
    assert study.one("blockquote").text() == "Perché non c\u2019è il prezzo?"
    assert [h.text() for h in study.all("h2")] == [
        "Citazioni",
        "Passi che lo citano",
        "Opportunità che lo citano",
    ]


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def test_an_edited_opportunity_renders_again_only_the_pages_that_show_it(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    root = italian_root(write_root)
    out = tmp_path / "out"
    build_site(root, out, pdf=False, jobs=1)
    before = inodes(out / "site")
    path = root / "opportunities/prezzi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("impact: 4", "impact: 5"), "utf-8")
    result = build_site(root, out, pdf=False, jobs=1)
    after = inodes(out / "site")
    again = sorted(page for page, inode in after.items() if before.get(page) != inode)
    assert again == [
        "insights/index.html",  # it joins opportunities with the maps' valleys
        "journeys/acquisti/uno/index.html",  # the map of the step it addresses
        "opportunities/index.html",
        "opportunities/prezzi/index.html",
        "research/interviste/index.html",  # the study it cites
    ]
    assert result.rendered == 5
