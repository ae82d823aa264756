"""Opportunities and research (FORMAT.md 1.1): every error and warning at its place, the
links among them and the journeys, their schemas and their `new` commands."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.content.backlog_model import Opportunity
from generator.content.cache import ModelCache
from generator.content.links import StepKey, priority_key
from generator.content.validate import check_root
from tests.conftest import WriteRoot

SITE = """
    departments:
      marketing: {label: Marketing}
      vendite: {label: Vendite}
"""
JOURNEY = """
    title: Primo acquisto
    persona: marco
    stages:
      - name: Considerazione
        steps:
          - id: cerca-il-prezzo
            title: Cerca il prezzo sul sito
            emotion: -1
            evidence: [interviste-2026, "Intervista n. 4, Forlì", "https://example.org/analisi"]
          - title: Perché tanta attesa?
            emotion: -2
"""
OTHER = """
    title: Carrello abbandonato
    persona: marco
    stages:
      - name: Cassa
        steps:
          - title: Vede le spese di spedizione
            emotion: -2
"""
OPPORTUNITY = """
    title: Listino prezzi pubblico
    status: planned
    owner: marketing
    impact: 4
    effort: 2
    addresses:
      - b2b/acquisto#cerca-il-prezzo
      - negozio/carrello#vede-le-spese-di-spedizione
    evidence: [interviste-2026, "Richieste al centralino, città di Forlì"]
    link: https://tracker.example.org/CX-42
    target: 2027-03-31
    tags: [prezzi]
"""
STUDY = """
    title: Dodici interviste a responsabili IT
    method: interviews
    date: 2026-03-15
    participants: 12
    findings: [Nessuno trova il prezzo senza chiamare]
    quotes:
      - text: "Perché devo chiamare per sapere il prezzo?"
        who: Responsabile IT, 40 dipendenti
        step: b2b/acquisto#cerca-il-prezzo
      - text: "Quanto si aspetta, però!"
        step: b2b/acquisto#perche-tanta-attesa
"""


@pytest.fixture
def root(write_root: WriteRoot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteRoot:
    """A valid root with one opportunity and one study; `files` add to it or replace."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes] | None = None) -> Path:
        base: dict[str, str | bytes] = {
            "site.yaml": SITE,
            "personas/marco.yaml": "name: Marco\n",
            "b2b/acquisto.yaml": JOURNEY,
            "negozio/carrello.yaml": OTHER,
            "opportunities/prezzi/listino.yaml": OPPORTUNITY,
            "research/interviste-2026.yaml": STUDY,
        }
        return write_root({**base, **(files or {})})

    return write


def validate(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(root), *args])
    return result.exit_code, result.output.splitlines()


def problems(root: Path) -> list[str]:
    return validate(root)[1][:-1]


def test_a_valid_root_is_clean(root: WriteRoot) -> None:
    assert validate(root()) == (0, ["0 errors, 0 warnings in 6 files"])


def test_an_address_naming_no_journey_suggests_the_nearest(root: WriteRoot) -> None:
    path = root(
        {"opportunities/prezzi/listino.yaml": OPPORTUNITY.replace("b2b/acquisto#", "b2b/acqusto#")}
    )
    assert problems(path) == [
        "journeys/opportunities/prezzi/listino.yaml:7:5: error: addresses[0]: unknown journey "
        "'b2b/acqusto' (did you mean 'b2b/acquisto'?)"
    ]


def test_an_address_naming_no_step_suggests_the_nearest(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace("#cerca-il-prezzo", "#cerca-prezzo")
    assert problems(root({"opportunities/prezzi/listino.yaml": text})) == [
        "journeys/opportunities/prezzi/listino.yaml:7:5: error: addresses[0]: journey "
        "'b2b/acquisto' has no step 'cerca-prezzo' (did you mean 'cerca-il-prezzo'?)"
    ]


def test_an_address_that_is_not_journey_hash_step(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace("b2b/acquisto#cerca-il-prezzo", "b2b/acquisto")
    assert problems(root({"opportunities/prezzi/listino.yaml": text})) == [
        "journeys/opportunities/prezzi/listino.yaml:7:5: error: addresses[0]: 'b2b/acquisto' "
        "is not JOURNEY#STEP; write a journey's id, '#' and the id of one of its steps, "
        "like b2b/first-purchase#visits-pricing-page"
    ]


def test_a_quote_placed_at_no_step(root: WriteRoot) -> None:
    text = STUDY.replace("#perche-tanta-attesa", "#perche-tanta-atesa")
    assert problems(root({"research/interviste-2026.yaml": text})) == [
        "journeys/research/interviste-2026.yaml:11:11: error: quotes[1].step: journey "
        "'b2b/acquisto' has no step 'perche-tanta-atesa' (did you mean 'perche-tanta-attesa'?)"
    ]


def test_an_evidence_id_naming_no_study_on_an_opportunity_and_on_a_step(root: WriteRoot) -> None:
    path = root(
        {
            "opportunities/prezzi/listino.yaml": OPPORTUNITY.replace(
                "[interviste-2026,", "[intervista-2026,"
            ),
            "b2b/acquisto.yaml": JOURNEY.replace("[interviste-2026,", "[interviste-2025,"),
        }
    )
    assert problems(path) == [
        "journeys/b2b/acquisto.yaml:9:20: error: stages[0].steps[0].evidence[0] (Considerazione > "
        "Cerca il prezzo sul sito): unknown study "
        "'interviste-2025' (did you mean 'interviste-2026'?); add research/interviste-2025.yaml, "
        "or write the evidence as text",
        "journeys/opportunities/prezzi/listino.yaml:9:12: error: evidence[0]: unknown study "
        "'intervista-2026' (did you mean 'interviste-2026'?); add research/intervista-2026.yaml, "
        "or write the evidence as text",
    ]


def test_text_and_urls_in_evidence_name_no_study(root: WriteRoot) -> None:
    # spaces, capitals, accents or a scheme: text, as before format 1.1
    text = JOURNEY.replace(
        '"https://example.org/analisi"', 'Sondaggio, "NPS-2026", "https://example.org/analisi"'
    )
    assert validate(root({"b2b/acquisto.yaml": text}))[0] == 0


def test_an_owner_that_is_no_department(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace("owner: marketing", "owner: markting")
    assert problems(root({"opportunities/prezzi/listino.yaml": text})) == [
        "journeys/opportunities/prezzi/listino.yaml:3:8: error: owner: unknown department "
        "'markting' (did you mean 'marketing'?); declare it in site.yaml departments"
    ]


def test_impact_and_effort_outside_one_to_five(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace("impact: 4", "impact: 7").replace("effort: 2", "effort: 2.5")
    assert problems(root({"opportunities/prezzi/listino.yaml": text})) == [
        "journeys/opportunities/prezzi/listino.yaml:4:9: error: impact: expected a whole number "
        "from 1 to 5, got 7",
        "journeys/opportunities/prezzi/listino.yaml:5:9: error: effort: expected a whole number "
        "from 1 to 5, got 2.5",
    ]


def test_an_unknown_status_and_method_suggest_the_nearest(root: WriteRoot) -> None:
    path = root(
        {
            "opportunities/prezzi/listino.yaml": OPPORTUNITY.replace("planned", "in progress"),
            "research/interviste-2026.yaml": STUDY.replace(
                "method: interviews", "method: interview"
            ),
        }
    )
    assert problems(path) == [
        "journeys/opportunities/prezzi/listino.yaml:2:9: error: status: expected 'idea', "
        "'planned', 'in-progress', 'done' or 'dropped', got 'in progress' "
        "(did you mean 'in-progress'?)",
        "journeys/research/interviste-2026.yaml:2:9: error: method: expected 'interviews', "
        "'survey', 'usability-test', 'analytics', 'support-tickets', 'observation' or 'other', "
        "got 'interview' (did you mean 'interviews'?)",
    ]


def test_unknown_keys_an_id_written_out_and_a_link_that_is_no_web_address(
    root: WriteRoot,
) -> None:
    text = OPPORTUNITY.replace("addresses:", "adresses:").replace(
        "https://tracker.example.org/CX-42", "javascript:alert(1)"
    )
    text = "id: listino\n" + textwrap.dedent(text).lstrip("\n")
    path = root({"opportunities/prezzi/listino.yaml": text})
    assert problems(path) == [
        "journeys/opportunities/prezzi/listino.yaml:1:1: error: unknown key 'id'",
        "journeys/opportunities/prezzi/listino.yaml:7:1: error: unknown key 'adresses' "
        "(did you mean 'addresses'?)",
        "journeys/opportunities/prezzi/listino.yaml:11:7: error: link: expected a web address "
        "like https://tracker.example.org/CX-42, got 'javascript:alert(1)'",
    ]


def test_an_opportunity_addressing_no_step_and_a_study_nobody_cites(root: WriteRoot) -> None:
    path = root(
        {
            "opportunities/nuova.yaml": "title: Un'idea senza passi\n",
            "opportunities/vuota.yaml": "title: Ancora da mappare\naddresses: []\n",
            "research/sondaggio.yaml": "title: Sondaggio di soddisfazione\nmethod: survey\n",
        }
    )
    assert validate(path) == (
        0,
        [
            "journeys/opportunities/nuova.yaml:1:8: warning: opportunity 'nuova' addresses no "
            "step; list the steps it would change in addresses:, like "
            "b2b/first-purchase#visits-pricing-page",
            "journeys/opportunities/vuota.yaml:2:12: warning: opportunity 'vuota' addresses no "
            "step; list the steps it would change in addresses:, like "
            "b2b/first-purchase#visits-pricing-page",
            "journeys/research/sondaggio.yaml:1:8: warning: study 'sondaggio' is cited by no "
            "step or opportunity; add its id to the evidence: of the steps it supports",
            "0 errors, 3 warnings in 9 files",
        ],
    )
    assert validate(path, "--strict")[0] == 1


def test_a_study_whose_quote_sits_at_a_step_is_in_use(root: WriteRoot) -> None:
    # neither a step nor an opportunity cites it, but the map shows its quote
    study = """
        title: Osservazione in negozio
        quotes:
          - {text: Costa troppo, step: negozio/carrello#vede-le-spese-di-spedizione}
    """
    assert validate(root({"research/osservazione.yaml": study})) == (
        0,
        ["0 errors, 0 warnings in 7 files"],
    )


def test_an_address_listed_twice_is_a_warning(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace(
        "- negozio/carrello#vede-le-spese-di-spedizione",
        "- negozio/carrello#vede-le-spese-di-spedizione\n      - b2b/acquisto#cerca-il-prezzo",
    )
    path = root({"opportunities/prezzi/listino.yaml": text})
    assert problems(path) == [
        "journeys/opportunities/prezzi/listino.yaml:9:5: warning: addresses[2]: "
        "'b2b/acquisto#cerca-il-prezzo' is listed twice (first at line 7)"
    ]
    links = check_root(path).links
    assert [s.address for s in links.opportunity_steps["prezzi/listino"]] == [
        "b2b/acquisto#cerca-il-prezzo",
        "negozio/carrello#vede-le-spese-di-spedizione",
    ]


@pytest.mark.parametrize(
    ("folder", "kind"), [("opportunities", "opportunities"), ("research", "studies")]
)
def test_a_journey_shaped_file_is_read_as_its_folder_says(
    root: WriteRoot, folder: str, kind: str
) -> None:
    path = root({f"{folder}/vecchia/mappa.yaml": JOURNEY})
    assert problems(path) == [
        f"journeys/{folder}/vecchia/mappa.yaml:3:1: error: unknown key 'stages': files in "
        f"{folder}/ are {kind}, not journeys; move the journey out of {folder}/"
    ]


def test_two_files_with_one_id(root: WriteRoot) -> None:
    path = root({"research/interviste-2026.yml": "title: Doppione\n"})
    assert problems(path) == [
        "journeys/research/interviste-2026.yml:1:1: error: study id 'interviste-2026' is taken "
        "already by journeys/research/interviste-2026.yaml"
    ]


def test_an_id_from_a_path_that_is_no_id(root: WriteRoot) -> None:
    path = root(
        {"opportunities/Città.yaml": "title: Centro\naddresses: [b2b/acquisto#cerca-il-prezzo]\n"}
    )
    assert problems(path) == [
        "journeys/opportunities/Città.yaml:1:1: error: opportunity id 'Città' comes from the "
        "file's path and is not lowercase a-z, 0-9, - and _; rename the file"
    ]


def test_a_steps_evidence_is_checked_against_the_studies_of_today_through_the_cache(
    root: WriteRoot, tmp_path: Path
) -> None:
    path = root()
    first = ModelCache(tmp_path / "cache")
    assert check_root(path, cache=first).errors == []
    first.save()
    (path / "research/interviste-2026.yaml").unlink()
    again = ModelCache(tmp_path / "cache")
    content = check_root(path, cache=again)
    assert again.pending == {}  # the journeys came from the cache
    assert [d.text() for d in content.errors][:1] == [
        "journeys/b2b/acquisto.yaml:9:20: error: stages[0].steps[0].evidence[0] (Considerazione > "
        "Cerca il prezzo sul sito): unknown study "
        "'interviste-2026'; add research/interviste-2026.yaml, or write the evidence as text"
    ]


# -- links ------------------------------------------------------------------------


def test_links_join_opportunities_studies_and_steps_both_ways(root: WriteRoot) -> None:
    path = root(
        {
            "opportunities/attesa.yaml": """
                title: Avvisare dei tempi d'attesa
                status: done
                impact: 4
                effort: 2
                addresses: [b2b/acquisto#perche-tanta-attesa, b2b/acquisto#cerca-il-prezzo]
                evidence: [interviste-2026]
            """,
            "opportunities/bozza.yaml": """
                title: Àncora senza stima
                addresses: [b2b/acquisto#cerca-il-prezzo]
            """,
        }
    )
    content = check_root(path)
    assert content.errors == []
    links = content.links
    prezzo, attesa = (
        StepKey("b2b/acquisto", "cerca-il-prezzo"),
        StepKey("b2b/acquisto", "perche-tanta-attesa"),
    )
    carrello = StepKey("negozio/carrello", "vede-le-spese-di-spedizione")
    # 4/2 both: the tie goes to the higher impact, then the title; unrated last
    assert list(links.opportunities) == ["attesa", "prezzi/listino", "bozza"]
    assert links.opportunity_steps["prezzi/listino"] == (prezzo, carrello)
    assert links.opportunity_steps["attesa"] == (attesa, prezzo)
    assert links.step_opportunities[prezzo] == ("attesa", "prezzi/listino", "bozza")
    assert [o.id for o in links.opportunities_at("b2b/acquisto", "cerca-il-prezzo")] == [
        "attesa",
        "prezzi/listino",
        "bozza",
    ]
    assert links.step_studies == {prezzo: ("interviste-2026",)}
    assert [s.title for s in links.studies_at(*prezzo)] == ["Dodici interviste a responsabili IT"]
    assert [(q.study, q.position, q.quote.text) for q in links.quotes_at(*attesa)] == [
        ("interviste-2026", 1, "Quanto si aspetta, però!")
    ]
    assert links.quotes_at(*carrello) == ()
    assert links.study_steps == {"interviste-2026": (prezzo,)}
    assert links.cited_by("interviste-2026") == ((prezzo,), ("attesa", "prezzi/listino"))
    assert links.opportunity_studies["prezzi/listino"] == ("interviste-2026",)
    assert links.journey_opportunities == {
        "b2b/acquisto": ("attesa", "prezzi/listino", "bozza"),
        "negozio/carrello": ("prezzi/listino",),
    }
    # done is not open: the card counts what is still to do
    assert [o.id for o in links.open_opportunities("b2b/acquisto")] == ["prezzi/listino", "bozza"]
    assert content.opportunities["attesa"].id == "attesa"
    assert content.opportunity_files["prezzi/listino"] == path / "opportunities/prezzi/listino.yaml"
    assert content.study_files == {"interviste-2026": path / "research/interviste-2026.yaml"}


def test_links_leave_out_what_names_nothing(root: WriteRoot) -> None:
    text = OPPORTUNITY.replace("#cerca-il-prezzo", "#altrove")
    content = check_root(root({"opportunities/prezzi/listino.yaml": text}))
    assert len(content.errors) == 1
    assert content.links.opportunity_steps["prezzi/listino"] == (
        StepKey("negozio/carrello", "vede-le-spese-di-spedizione"),
    )
    assert StepKey("b2b/acquisto", "altrove") not in content.links.step_opportunities


def test_priority_is_impact_over_effort_then_impact_then_title() -> None:
    def opportunity(oid: str, title: str, impact: int | None, effort: int | None) -> Opportunity:
        data = {"title": title, "impact": impact, "effort": effort}
        return Opportunity.model_validate(data, context={"id": oid})

    ranked = sorted(
        [
            opportunity("a", "Zeta", 2, 1),
            opportunity("b", "Beta", 4, 2),
            opportunity("c", "alfa", 4, 2),
            opportunity("d", "Senza stima", 5, None),
            opportunity("e", "Èpica", 5, 5),
        ],
        key=priority_key,
    )
    assert [o.id for o in ranked] == ["c", "b", "a", "e", "d"]


def test_the_example_content_is_linked() -> None:
    content = check_root(Path(__file__).resolve().parent.parent / "journeys")
    assert content.errors == []
    links = content.links
    assert {o.status for o in links.opportunities.values()} >= {"done", "dropped"}
    journeys = {step.journey for step in links.opportunity_steps["pricing/transparent-price-list"]}
    assert journeys == {"b2b/first-purchase", "ecommerce/cart-abandonment"}
    assert len(content.studies) == 2
    assert all(links.study_steps[s] for s in content.studies)


# -- schema and new -----------------------------------------------------------------


def test_schema_of_opportunity_and_research() -> None:
    runner = CliRunner()
    opportunity = json.loads(runner.invoke(cli, ["schema", "opportunity"]).output)
    assert opportunity["title"] == "journeymap opportunity"
    assert opportunity["additionalProperties"] is False
    assert opportunity["required"] == ["title"]
    status = opportunity["properties"]["status"]
    assert status["enum"] == ["idea", "planned", "in-progress", "done", "dropped"]
    assert status["default"] == "idea"
    impact = opportunity["properties"]["impact"]["anyOf"][0]
    assert (impact["minimum"], impact["maximum"]) == (1, 5)
    assert opportunity["properties"]["addresses"]["items"]["pattern"].endswith("#[a-z0-9_-]+$")
    research = json.loads(runner.invoke(cli, ["schema", "research"]).output)
    assert research["title"] == "journeymap research"
    assert research["$defs"]["Quote"]["required"] == ["text"]
    assert "interviews" in research["properties"]["method"]["anyOf"][0]["enum"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_new_opportunity_and_research(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "opportunity", "prezzi/listino-pubblico") == (
        0,
        "created journeys/opportunities/prezzi/listino-pubblico.yaml\n",
    )
    assert run("new", "research", "interviste-2026") == (
        0,
        "created journeys/research/interviste-2026.yaml\n",
    )
    text = Path("journeys/opportunities/prezzi/listino-pubblico.yaml").read_text()
    assert 'title: "Listino pubblico"' in text
    study = Path("journeys/research/interviste-2026.yaml").read_text()
    assert "date: 2026-11-23" in study
    code, lines = validate(Path("journeys"))
    assert code == 0
    assert lines[-1] == "0 errors, 2 warnings in 2 files"
    # never overwrites, whatever the extension of the file already there
    before = study
    assert run("new", "research", "interviste-2026") == (
        1,
        "Error: journeys/research/interviste-2026.yaml exists already; nothing was written\n",
    )
    Path("journeys/opportunities/vecchia.yml").write_text("title: Vecchia\n")
    assert run("new", "opportunity", "vecchia") == (
        1,
        "Error: opportunity id 'vecchia' is taken already by journeys/opportunities/vecchia.yml\n",
    )
    assert Path("journeys/research/interviste-2026.yaml").read_text() == before


@pytest.mark.parametrize("kind", ["opportunity", "research"])
def test_new_refuses_bad_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("new", kind, "Città Nuova")
    assert code == 2
    assert output.endswith(
        "Error: Invalid value for ID: 'Città Nuova' is not a valid id: use lowercase letters "
        "a-z, digits, - and _\n"
    )
    code, output = run("new", kind, "bozze/_prova")
    assert code == 1
    assert "files and folders whose name starts with '_' are ignored" in output
    assert not Path("journeys").exists()


def test_new_journey_refuses_the_folders_of_opportunities_and_research(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "journey", "research/interviste") == (
        1,
        "Error: 'research/interviste' is in research/, which holds studies, not journeys: for "
        "a study run 'journeymap new research interviste'; for a journey choose another folder\n",
    )
    assert run("new", "journey", "opportunities/listino")[1] == (
        "Error: 'opportunities/listino' is in opportunities/, which holds opportunities, not "
        "journeys: for an opportunity run 'journeymap new opportunity listino'; for a journey "
        "choose another folder\n"
    )
