"""The static site, built by the real CLI from real content roots, read as HTML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.validate import check_root
from generator.views.kinds import AGGREGATE
from generator.views.pages import Planner, inline_stylesheet, site_path

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.all(tag, cls))
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, f"expected one {tag}.{cls}, found {len(found)}"
        return found[0]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.all() if n.attrs.get("id") == ident), None)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def build(root: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf", *extra])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, _stdout, stderr = build(EXAMPLE, out)
    assert code == 0, stderr
    return out / "site"


def journey_page(site: Path, journey_id: str) -> Node:
    return parse(site / "journeys" / journey_id / "index.html")


def test_the_build_writes_every_page_of_the_site(site: Path) -> None:
    expected = [
        "index.html",
        "404.html",
        "search.json",
        "assets/site.css",
        "assets/map.css",
        "assets/print.css",
        "assets/search.js",
        "schema/journey.json",
        "schema/persona.json",
        "schema/site.json",
        "touchpoints/index.html",
        "touchpoints/web/index.html",
        "touchpoints/word-of-mouth/index.html",
        "owners/index.html",
        "owners/sales/index.html",
        "owners/~none/index.html",
        "insights/index.html",
        "personas/index.html",
        "personas/marco/index.html",
        "media/images/marco.svg",
        "journeys/b2b/first-purchase/index.html",
        "journeys/workshop/blank-map/index.html",
    ]
    for relative in expected:
        assert (site / relative).is_file(), relative
    assert json.loads((site / "schema/journey.json").read_text())["title"] == "journeymap journey"


def test_the_journey_page_shows_every_stage_and_step_with_its_anchor(site: Path) -> None:
    from generator.content.validate import check_root

    journey = check_root(EXAMPLE).journeys["b2b/first-purchase"]
    page = journey_page(site, "b2b/first-purchase")
    stages = [n.one("span", "jm-stage-name").text() for n in page.all("th", "jm-stage")]
    assert stages == [s.name for s in journey.stages]
    steps = page.all("th", "jm-step")
    assert [s.one("a", "jm-step-title").text() for s in steps] == [
        step.title for _, step in journey.steps()
    ]
    assert [s.attrs["id"] for s in steps] == [step.id for _, step in journey.steps()]
    assert next(s.one("a").attrs["href"] for s in steps) == "#searches-for-erp"
    assert page.by_id("jm-stage-awareness") is not None


def test_lanes_come_in_the_order_the_journey_gives(site: Path) -> None:
    page = journey_page(site, "service/support-ticket")
    lanes = [row.one("span", "jm-lane-name").text() for row in page.all("tr", "jm-lane")]
    assert lanes == [
        "Doing",
        "Touchpoint",
        "Channel",
        "Thinking",
        "Feeling",
        "Emotion",
        "Pains",
        "Opportunities",
        "Owner",
        "Metrics",
    ]


def test_the_curve_has_one_line_per_persona_a_legend_and_the_compared_journey(
    site: Path,
) -> None:
    page = journey_page(site, "b2b/first-purchase")
    svg = page.one("svg", "jm-curve-svg")
    lines = svg.all("path", "jm-line")
    dashed = [line for line in lines if "stroke-dasharray" in line.attrs]
    assert len(lines) == 4 and len(dashed) == 2
    assert [line.one("title").text() for line in lines] == [
        "Marco Bianchi",
        "Giulia Ferri",
        "Marco Bianchi — Future state",
        "Giulia Ferri — Future state",
    ]
    legend = [item.text() for item in page.one("ul", "jm-legend").all("li")]
    assert legend == [line.one("title").text() for line in lines]
    assert svg.all(cls="jm-zero") and svg.all("text", "jm-tick")
    assert [t.text() for t in svg.all("text", "jm-extreme-label")] == ["Peak", "Valley"]
    assert len(svg.all("path", "jm-moment")) == 3
    # the curve spans every step column: one viewBox unit of 100 a column
    assert svg.attrs["viewbox"].split()[2] == str(100 * 17)
    assert page.one("td", "jm-curve").attrs["colspan"] == "17"


def test_the_curve_has_a_table_for_screen_readers(site: Path) -> None:
    table = journey_page(site, "b2b/first-purchase").one("table", "jm-emotion-table")
    rows = table.one("tbody").all("tr")
    assert len(rows) == 17
    first = "Searches for a management software for small firms"
    # Giulia takes no part in Marco's search, in the current and in the future state
    assert rows[0].text() == f"{first} +1 takes no part +1 takes no part"


def test_a_circular_journey_draws_its_loop(site: Path) -> None:
    page = journey_page(site, "ecommerce/cart-abandonment")
    svg = page.one("svg", "jm-curve-svg")
    assert svg.all("path", "jm-loop")
    assert svg.one("text", "jm-loop-label").text() == "↺ loops back to Awareness"
    assert "jm-map--circular" in page.one("div", "jm-map").classes


def test_cells_say_online_offline_owners_gaps_and_figures(site: Path) -> None:
    page = journey_page(site, "b2b/first-purchase")
    channels = [c.text() for c in page.all("td", "jm-cell--channel")]
    assert channels[:3] == ["Search online", "Reviews online", "Event offline"]
    owner = page.all("span", "jm-owner")[0]
    assert owner.attrs["style"] == "--jm-dept: #2b6cb0" and owner.text() == "Marketing"
    gaps = page.all("td", "jm-cell--gap")
    assert gaps[0].text() == "⚠ Gap A price list within two clicks"
    drop = page.one("div", "jm-metric--drop")
    assert drop.text() == "Drop off 35%"
    pains = page.one("tr", "jm-lane--pains").all("td")[0]
    assert (
        pains.one("ul", "jm-list").all("li")[0].text()
        == "Two comparison blogs list a price from 2023"
    )


def test_the_index_has_a_card_per_journey_with_filters_and_figures(site: Path) -> None:
    page = parse(site / "index.html")
    cards = page.all("article", "jm-card")
    titles = [c.one("h3").text() for c in cards]
    assert len(cards) == 5 and "First purchase of a management software" in titles
    first = cards[titles.index("First purchase of a management software")]
    assert first.attrs["data-tags"] == "b2b|software|sales|onboarding"
    assert first.attrs["data-personas"] == "marco|giulia"
    assert first.attrs["data-state"] == "current"
    assert first.one("svg", "jm-sparkline")
    stats = [d.text() for d in first.all("dd")]
    assert stats == ["47%", "5", "17"]
    link = first.one("h3").one("a").attrs["href"]
    assert link == "journeys/b2b/first-purchase/index.html"
    options = [o.attrs["value"] for o in page.one("form").all("option")]
    assert "b2b" in options and "giulia" in options and "future" in options


def test_search_json_holds_steps_pains_and_opportunities(site: Path) -> None:
    entries = json.loads((site / "search.json").read_text())
    step = next(e for e in entries if e["t"] == "Looks for the price on the website")
    assert step["a"] == "visits-pricing-page"
    journey = entries[step["j"]]
    assert journey["t"] == "First purchase of a management software"
    assert journey["u"] == "journeys/b2b/first-purchase/index.html"
    # the texts as written, one a line, without their Markdown: what a result quotes
    assert step["x"].split("\n")[:2] == [
        "Consideration",
        "Opens Pricing from the menu, then the FAQ, then gives up.",
    ]
    assert "No price, not even a range, on the website" in step["x"].split("\n")
    kinds = {e["u"]: e["k"] for e in entries if "k" in e}
    assert kinds["opportunities/pricing/transparent-price-list/index.html"] == "o"
    assert kinds["research/interviews/it-managers-2026/index.html"] == "s"
    assert (site / "search.json").stat().st_size < 40_000


def test_links_are_relative_and_every_target_exists(site: Path) -> None:
    for page_path in site.rglob("*.html"):
        if page_path.name == "404.html":
            continue
        page = parse(page_path)
        for node in page.all():
            target = node.attrs.get("href") or node.attrs.get("src")
            if not target or target.startswith(("http://", "https://", "mailto:")):
                continue
            assert not target.startswith("/"), f"{page_path}: {target}"
            path, _, anchor = target.partition("#")
            path = path.partition("?")[0]  # a page's filters, as the opportunities' page reads
            file = (page_path.parent / path).resolve() if path else page_path
            assert file.is_file(), f"{page_path}: dead link {target}"
            # a hash of name=value is a filter the page reads (the cards' opportunities)
            if anchor and "=" not in anchor and file.suffix == ".html":
                assert parse(file).by_id(anchor) is not None, f"{page_path}: no #{anchor}"


def test_personas_touchpoints_owners_and_insights(site: Path) -> None:
    marco = parse(site / "personas/marco/index.html")
    assert marco.one("h1").text() == "Marco Bianchi"
    assert [c.one("h3").text() for c in marco.all("article", "jm-card")] == [
        "First purchase of a management software",
        "First purchase of a management software (future state)",
    ]
    touch = parse(site / "touchpoints/index.html")
    phone = touch.by_id("jm-channel-phone")
    assert phone is not None and phone.one("a").attrs["href"] == "../touchpoints/phone/index.html"
    # channel, touchpoints, journeys, average emotion, pains
    assert [cell.text() for cell in phone.all() if cell.tag in ("th", "td")] == [
        "Phone offline",
        "10",
        "3",
        "+0.1",
        "6",
    ]
    kinds = [row.one("span", "jm-badge").text() for row in touch.one("tbody").all("tr")]
    assert kinds == sorted(kinds, key=["online", "offline"].index)  # online first
    sales_chip = touch.by_id("jm-owner-sales")
    assert (
        sales_chip is not None and sales_chip.one("a").attrs["href"] == "../owners/sales/index.html"
    )
    owners = parse(site / "owners/index.html")
    sales_row = owners.by_id("jm-department-sales")
    assert (
        sales_row is not None and sales_row.one("a").attrs["href"] == "../owners/sales/index.html"
    )
    # steps owned, journeys, average emotion, pains, hand-offs out, in, falling
    cells = [cell.text() for cell in sales_row.all("td")]
    # the average counts what was lived: the quote is Giulia's alone (-1), not Marco's 0 too
    assert cells == ["10", "2", "+0.7", "4", "2", "2", "▼ 2"]
    assert owners.all("tr", "jm-falls") == []  # the hand-offs are on each department's page
    sales = parse(site / "owners/sales/index.html")
    # each step with the hand-offs into it and out of it
    signs = sales.all("tbody")[0].all("tr")[-1]
    assert signs.all("td")[0].one("a").text() == "Signs the contract"
    falls = signs.one("div", "jm-falls").text()
    # (text() puts a space between elements: "implementation :")
    assert falls == (
        "\u2192 To Onboarding & implementation : Waits for someone to get in touch \u25bc \u22122.5"
    )
    came = sales.all("tbody")[0].all("tr")[0].one("div", "jm-handoff").text()
    assert came == "\u2190 From Marketing : Fills in the quote request form 0"
    insights = parse(site / "insights/index.html")
    valleys = insights.by_id("jm-valleys").all("li")
    assert valleys[0].text().startswith("\u22122 ")
    stale = insights.by_id("jm-stale").text()
    assert "Electronic invoices rejected at month end" in stale
    drops = insights.by_id("jm-dropoffs").all("li")
    assert drops[0].text().startswith("48%") or drops[0].text().startswith("35%")
    # the metric's name as the map writes it, not its YAML key
    assert {d.all("span", "jm-muted")[0].text() for d in drops} == {"Drop off"}


def _many(count: int) -> dict[str, str]:
    files = {"site.yaml": "title: Molti\nlanguage: it\ndepartments:\n  vendite: {label: Vendite}\n"}
    for n in range(count):
        files[f"g/p{n:03d}.yaml"] = (
            f"title: Percorso {n:03d}\nstages:\n  - name: Acquisto\n    steps:\n"
            f"      - {{title: Chiama, channel: phone, owner: vendite, emotion: {-(n % 3)},"
            " moment_of_truth: true, expectation: Subito, reality: Più tardi}\n"
        )
    return files


def test_a_large_site_pages_its_channels_and_bounds_its_insights(
    write_root, tmp_path: Path
) -> None:
    files = _many(60)
    files["h/senza.yaml"] = (
        "title: Senza canale\nstages:\n  - name: Uno\n    steps:\n"
        "      - {title: Parla, touchpoint: Bancone, emotion: 1}\n"
    )
    code, _, stderr = build(write_root(files), tmp_path / "out")
    assert code == 0, stderr
    site = tmp_path / "out/site"
    first = parse(site / "touchpoints/phone/index.html")
    assert len(first.all("tr", "jm-group-row")) == 50
    pager = first.all("nav", "jm-pager")[0]
    assert pager.one("span", "jm-pager-range").text() == "Percorsi 1\u201350 di 60"
    assert [(a.text(), a.attrs["href"]) for a in pager.all("a")] == [
        ("2", "../../touchpoints/phone/page-2/index.html"),
        ("Successiva \u203a", "../../touchpoints/phone/page-2/index.html"),
    ]
    second = parse(site / "touchpoints/phone/page-2/index.html")
    assert len(second.all("tr", "jm-group-row")) == 10
    crumbs = second.one("nav", "jm-crumbs").text()
    assert crumbs == "Punti di contatto \u203a Telefono \u203a pagina 2"
    assert [
        a.text() for a in second.one("nav", "jm-nav").all("a") if a.attrs.get("aria-current")
    ] == ["Punti di contatto"]
    # the steps with no channel or owner have their pages, under a key no id can take
    summary = parse(site / "touchpoints/index.html").by_id("jm-channel-~none")
    assert summary is not None and summary.one("a").text() == "Nessun canale"
    unset = parse(site / "touchpoints/~none/index.html")
    assert unset.one("h1").text() == "Nessun canale"
    assert "Bancone" in unset.one("tbody").text() and "Nessun responsabile" in unset.text()
    assert parse(site / "owners/~none/index.html").one("h1").text() == "Nessun responsabile"
    owned = parse(site / "owners/vendite/page-2/index.html")
    assert len(owned.all("section", "jm-owned-journey")) == 10
    insights = parse(site / "insights/index.html")
    gaps = insights.by_id("jm-gaps")
    assert gaps is not None and len(gaps.one("tbody").all("tr")) == 50
    assert gaps.one("p", "jm-more").text() == "e altri 10 risultati: vedi la mappa di ogni percorso"
    assert "Percorso 002" in gaps.one("tbody").all("tr")[0].text()  # the worst felt first
    moments = insights.by_id("jm-moments")
    assert moments is not None and moments.all("li")[0].text().startswith("★ Chiama \u22122")
    assert moments.one("p", "jm-more").one("a").attrs["href"] == "../index.html"


def test_the_pages_of_channels_and_departments_are_known_without_making_them(
    write_root,
) -> None:
    content = check_root(write_root(_many(120)))
    planner = Planner(content, drafts=False, pdf=False, today=date(2026, 11, 23))
    for name in ("touchpoints", "owners"):
        made = [page.chrome.path for page in AGGREGATE[name].pages(planner)]
        assert AGGREGATE[name].paths(planner) == made
        assert f"{name}/{'phone' if name == 'touchpoints' else 'vendite'}/page-3/index.html" in made


def test_a_sitemap_is_written_only_for_a_full_base_url(write_root, tmp_path: Path) -> None:
    journey = "title: Primo\nstages: [{name: Uno, steps: [{title: Chiama}]}]\n"
    root = write_root({"site.yaml": "base_url: https://cx.example.org/maps\n", "a/b.yaml": journey})
    assert build(root, tmp_path / "out")[0] == 0
    sitemap = (tmp_path / "out/site/sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "https://cx.example.org/maps/" in locations
    assert "https://cx.example.org/maps/journeys/a/b/" in locations
    assert all(loc.startswith("https://cx.example.org/maps/") for loc in locations)
    assert "404" not in sitemap
    # a path is not an address a search engine can fetch: no sitemap rather than a wrong one
    (root / "site.yaml").write_text("base_url: /maps/\n", encoding="utf-8")
    assert build(root, tmp_path / "out")[0] == 0
    assert not (tmp_path / "out/site/sitemap.xml").exists()


def test_404_links_start_from_base_url_and_its_stylesheet_is_inline(site: Path) -> None:
    assert not (site / "sitemap.xml").exists()  # the example's base_url is a path
    page = parse(site / "404.html")
    assert page.one("a", "jm-button").attrs["href"] == "/journeys/index.html"
    # served at any depth, the page cannot link its stylesheet relatively
    assert [link.attrs["rel"] for link in page.all("link")] == ["icon"]
    assert ".jm-button {" in page.one("style").text()


@pytest.mark.parametrize(
    ("base_url", "path"),
    [
        ("/", "/"),
        ("/journeys/", "/journeys/"),
        ("/journeys", "/journeys/"),
        ("journeys", "/journeys/"),
        ("https://cx.example.org", "/"),
        ("https://cx.example.org/team/maps", "/team/maps/"),
    ],
)
def test_the_404_page_links_from_the_path_of_base_url(base_url: str, path: str) -> None:
    assert site_path(base_url) == path


def test_a_stylesheet_held_inline_cannot_close_its_element() -> None:
    assert inline_stylesheet("a { color: red } /* </style><script> */") == (
        "a { color: red } /* <\\/style><script> */"
    )


def test_drafts_are_left_out_unless_asked_and_then_marked(write_root, tmp_path: Path) -> None:
    root = write_root(
        {
            "site.yaml": "title: Drafts\n",
            "done.yaml": "title: Done\nstages: [{name: One}]\n",
            "wip.yaml": "title: Work in progress\ndraft: true\nstages: [{name: One}]\n",
        }
    )
    code, _, _ = build(root, tmp_path / "out")
    assert code == 0
    assert not (tmp_path / "out/site/journeys/wip").exists()
    code, _, _ = build(root, tmp_path / "out", "--drafts")
    page = parse(tmp_path / "out/site/journeys/wip/index.html")
    assert page.one("p", "jm-draft-banner").text() == "DRAFT"


def test_author_text_is_escaped_everywhere(write_root, tmp_path: Path) -> None:
    root = write_root(
        {
            "site.yaml": """
                title: "<b>Site</b>"
                departments:
                  ops: {label: "<img src=x onerror=alert(1)>", color: "#123456"}
                channels:
                  evil: {label: "<svg onload=alert(1)>", kind: offline}
            """,
            "personas/p.yaml": (
                'name: "<script>alert(1)</script>"\nquote: "\\"><script>x</script>"\n'
            ),
            "j.yaml": """
                title: "<script>alert(1)</script>"
                persona: p
                tags: ["\\"><script>t</script>"]
                summary: "[x](javascript:alert(1)) and <script>alert(2)</script>"
                stages:
                  - name: "<i>Stage</i>"
                    steps:
                      - title: "<b onmouseover=alert(1)>Step</b>"
                        emotion: 1
                        channel: evil
                        owner: ops
                        pains: ["[y](javascript:alert(1))"]
                      - title: Second
                        emotion: -1
            """,
        }
    )
    code, _, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    for path in (tmp_path / "out/site").rglob("*.html"):
        html = path.read_text()
        assert "<script>alert" not in html, path
        assert "<b onmouseover" not in html and "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
        assert "<svg onload" not in html, path
    page = parse(tmp_path / "out/site/journeys/j/index.html")
    assert page.one("h1").text() == "<script>alert(1)</script>"
    assert page.one("svg", "jm-curve-svg").all("path", "jm-line")[0].one("title").text() == (
        "<script>alert(1)</script>"
    )
    summary = page.one("div", "jm-summary").text()
    assert summary == "[x](javascript:alert(1)) and <script>alert(2)</script>"


ITALIAN = {
    "site.yaml": """
        title: Percorsi dei clienti
        language: it
        departments:
          vendite: {label: Vendite, color: "#2f855a"}
    """,
    "personas/anna.yaml": "name: Anna Rossi\nquote: Perché è così difficile?\n",
    "acquisto.yaml": """
        title: L'acquisto più complicato
        persona: anna
        summary: Un percorso con città, perché e però.
        stages:
          - name: Consapevolezza
            customer_type: potential
            steps:
              - title: Chiede a un'amica
                channel: word-of-mouth
                emotion: 1
                pains: [Non sa perché costa così tanto]
                metrics: {abbandono: 12.5%, visite: 12400, tasso: 0.12}
              - title: Telefona al negozio
                channel: phone
                owner: vendite
                emotion: -2
                expectation: Risposta in un minuto
                reality: Attesa di venti minuti
    """,
}


def test_an_italian_site_speaks_italian(write_root, tmp_path: Path) -> None:
    root = write_root(ITALIAN)
    code, _, stderr = build(root, tmp_path / "out")
    assert code == 0, stderr
    site = tmp_path / "out/site"
    page = parse(site / "journeys/acquisto/index.html")
    assert page.one("html").attrs["lang"] == "it"
    assert page.one("h1").text() == "L'acquisto più complicato"
    lanes = [row.one("span", "jm-lane-name").text() for row in page.all("tr", "jm-lane")]
    # by default, the lanes that some step fills
    assert lanes == [
        "Canale",
        "Emozione",
        "Difficoltà",
        "Aspettativa",
        "Realtà",
        "Responsabile",
        "Metriche",
    ]
    channels = [c.text() for c in page.all("td", "jm-cell--channel")]
    assert channels == ["Passaparola offline", "Telefono offline"]
    assert page.one("span", "jm-customer-type").text() == "Potenziale"
    assert page.all("td", "jm-cell--gap")[0].text() == "⚠ Divario Risposta in un minuto"
    figures = [m.text() for m in page.all("div", "jm-metric")]
    assert figures == ["Abbandono 12,5%", "Visite 12.400", "Tasso 0,12"]
    assert [a.text() for a in page.one("nav").all("a")] == [
        "Percorsi",
        "Persone",
        "Punti di contatto",
        "Responsabili",
        "Approfondimenti",
    ]
    index = parse(site / "index.html")
    assert index.one("h3").text() == "L'acquisto più complicato"
    assert "Soddisfazione" in index.one("article").text()
    assert "Perché è così difficile?" in parse(site / "personas/anna/index.html").text()


def test_invalid_content_exits_1_and_leaves_the_last_site(write_root, tmp_path: Path) -> None:
    root = write_root({"a.yaml": "title: A\nstages: [{name: One}]\n"})
    out = tmp_path / "out"
    assert build(root, out)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (root / "a.yaml").write_text(
        "title: A\nstages: [{name: One, steps: [{title: x, emotion: 9}]}]\n"
    )
    code, _stdout, stderr = build(root, out)
    assert code == 1
    assert "a.yaml:2:" in stderr and "outside the scale -2..2" in stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".journeymap", "site"]


def test_the_output_may_not_be_inside_the_content_root(write_root) -> None:
    root = write_root({"a.yaml": "title: A\nstages: [{name: One}]\n"})
    code, _, stderr = build(root, root / "out")
    assert code == 1
    assert stderr.startswith("Error: the output folder '")
    assert not (root / "out").exists()


def test_a_user_template_overrides_and_extends_the_packaged_one(write_root, tmp_path: Path) -> None:
    root = write_root({"a.yaml": "title: A\nstages: [{name: One}]\n"})
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "journey-a.html").write_text(
        '{% extends "default:journey.html" %}{% block footer %}<p id="own">Ours</p>{% endblock %}'
    )
    assert build(root, tmp_path / "out")[0] == 0
    page = parse(tmp_path / "out/site/journeys/a/index.html")
    assert page.by_id("own").text() == "Ours" and page.one("h1").text() == "A"
    assert parse(tmp_path / "out/site/index.html").by_id("own") is None


def test_build_as_a_subprocess_prints_a_summary(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            str(EXAMPLE),
            "--out",
            str(tmp_path),
            "--no-pdf",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    # 41 pages of journeys, personas and aggregates; 9 of opportunities and research
    assert done.stdout.startswith("built 50 pages (50 rendered) into ")


def test_pdfs_are_asked_for_into_the_staging_site_and_linked(
    write_root, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.pdf.maps

    calls = []

    def fake_write_pdfs(content, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        for jid in content.journeys:
            for name in (f"{jid}.pdf", f"{jid}-blank.pdf"):
                target = kwargs["site_dir"] / "pdf" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"%PDF-1.7\n")
        return 2 * len(content.journeys)

    monkeypatch.setattr(generator.pdf.maps, "write_pdfs", fake_write_pdfs)
    root = write_root({"a.yaml": "title: A\nstages: [{name: One}]\n"})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--jobs", "3"])
    assert result.exit_code == 0, result.stderr
    assert re.match(r"built 7 pages( \(\d+ rendered\))?, 2 PDFs into ", result.stdout)
    (call,) = calls
    assert call["site_dir"].parent.name.startswith(".staging-")
    assert call["cache_dir"] == out / ".cache" / "pdf"
    assert (call["jobs"], call["drafts"], call["progress"]) == (3, False, False)
    page = parse(out / "site/journeys/a/index.html")
    links = [a.attrs["href"] for a in page.one("div", "jm-downloads").all("a")]
    assert links == ["../../pdf/a.pdf", "../../pdf/a-blank.pdf"]
    assert parse(out / "site/index.html").one("a", "jm-download").attrs["href"] == (
        "pdf/journeys.pdf"
    )
    # the staging folder is gone
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".journeymap", "site"]


def test_strict_turns_the_warnings_of_the_example_into_a_failed_build(tmp_path: Path) -> None:
    code, stdout, stderr = build(EXAMPLE, tmp_path / "out", "--strict")
    assert code == 1 and stdout == ""
    # the warning is the reason, so it is reported as what fails the build
    error = "support-ticket.yaml:15:11: error: reviewed: journey 'service/support-ticket'"
    assert error in stderr and stderr.count(" [--strict]") == 1
    assert "warning:" not in stderr
    assert stderr.rstrip().endswith("1 error, 0 warnings in 17 files")
    assert not (tmp_path / "out").exists()


def test_empty_lanes_are_left_out_by_default_but_not_when_chosen_or_blank(write_root) -> None:
    from generator.content.validate import check_root
    from generator.views.mapview import build_map

    journey = "title: J\nstages: [{name: S, steps: [{title: a, doing: x, emotion: 1}]}]\n"
    content = check_root(write_root({"j.yaml": journey}))
    j = content.journeys["j"]
    assert [lane.lane_id for lane in build_map(content, j).lanes] == ["doing", "emotion"]
    assert len(build_map(content, j, blank=True).lanes) == 14
    chosen = check_root(write_root({"j.yaml": journey + "lanes: [pains, doing]\n"}))
    assert [lane.lane_id for lane in build_map(chosen, chosen.journeys["j"]).lanes] == [
        "pains",
        "doing",
    ]


def _pid_of_ended() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_clean_forgets_the_cache_and_leftovers_of_a_killed_build(
    write_root, tmp_path: Path
) -> None:
    root = write_root({"a.yaml": "title: A\nstages: [{name: One}]\n"})
    out = tmp_path / "out"
    killed = out / f".staging-{_pid_of_ended()}"
    (killed / "site").mkdir(parents=True)
    (out / ".cache/pdf").mkdir(parents=True)
    assert build(root, out)[0] == 0
    assert not killed.exists()  # no such build runs: it is cleared
    assert build(root, out, "--clean")[0] == 0
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".journeymap", "site"]
    assert not (out / ".cache/pdf").exists()


def test_a_sheet_may_begin_within_a_stage_which_says_it_is_continued() -> None:
    from generator.content.validate import check_root
    from generator.views.mapview import build_map

    content = check_root(EXAMPLE)
    journey = content.journeys["b2b/first-purchase"]
    view = build_map(content, journey, columns=range(5, 9))  # within the second stage on
    assert [(s.name, s.span, s.continued) for s in view.stages] == [
        ("Consideration", 2, True),
        ("Purchase", 2, False),
    ]
    assert [c.title for c in view.columns] == [step.title for _, step in list(journey.steps())[5:9]]
    assert view.columns[0].first_of_stage  # the stage's rule on the left of the sheet


def test_every_sheet_of_a_poster_has_the_lanes_of_the_whole_map() -> None:
    from generator.content.validate import check_root
    from generator.views.mapview import build_map

    content = check_root(EXAMPLE)
    for journey in content.journeys.values():
        whole = [lane.lane_id for lane in build_map(content, journey).lanes]
        for start in range(len(journey.stages)):
            sheet = build_map(content, journey, stages=slice(start, start + 1))
            assert [lane.lane_id for lane in sheet.lanes] == whole
            assert [s.name for s in sheet.stages] == [journey.stages[start].name]
