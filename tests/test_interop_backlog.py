"""`export csv opportunities`: the backlog as a sheet an issue tracker imports."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from interop.helpers import example_root, run

HEADER = [
    "title",
    "description",
    "status",
    "owner",
    "labels",
    "link",
    "id",
    "impact",
    "effort",
    "target",
    "addresses",
    "evidence",
]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return example_root(tmp_path)


def rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert table[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in table[1:]]


def test_the_examples_backlog_in_priority_order(root: Path) -> None:
    code, stdout, stderr = run("export", "csv", "opportunities")
    assert (code, stderr) == (0, "")
    sheet = rows(stdout)
    # impact / effort: 5/2, 4/2 (a tie: the higher impact first), 5/3, 2/2, 3/4
    assert [row["id"] for row in sheet] == [
        "checkout/guest-checkout",
        "pricing/transparent-price-list",
        "onboarding/handoff-meeting",
        "sales/record-the-demo",
        "support/one-knowledge-base",
    ]
    assert sheet[1] == {
        "title": "Publish a transparent price list",
        "description": "A public price list with a **configurator** (users, modules, "
        "onboarding days),\nso that nobody has to ask for a quote to learn what Acme costs, "
        "and the\nshop shows shipping costs from the product page on.",
        "status": "planned",
        "owner": "marketing",
        "labels": "pricing, website",
        "link": "https://tracker.example.org/CX-42",
        "id": "pricing/transparent-price-list",
        "impact": "4",
        "effort": "2",
        "target": "2027-03-31",
        "addresses": "b2b/first-purchase#visits-pricing-page\n"
        "ecommerce/cart-abandonment#sees-the-shipping-cost-at-the-last-step",
        "evidence": "interviews/it-managers-2026\nhttps://example.org/analytics/pricing-page",
    }
    # done and dropped are exported too: a tracker closes them on import
    assert [row["status"] for row in sheet] == [
        "done",
        "planned",
        "in-progress",
        "dropped",
        "idea",
    ]
    assert (sheet[3]["link"], sheet[3]["target"], sheet[3]["evidence"]) == ("", "", "")


def test_italian_text_and_cells_written_as_the_journey_sheet_writes_them(root: Path) -> None:
    (root / "opportunities/prezzi").mkdir()
    (root / "opportunities/prezzi/listino.yaml").write_text(
        'title: "=SOMMA(1;2) perché è già \\"così\\""\n'
        "description: |\n  Un listino, con più righe;\n  e virgole, punti e virgola.\n"
        "addresses: [b2b/first-purchase#visits-pricing-page, "
        "b2b/first-purchase#visits-pricing-page]\n"
        "tags: [prezzi, sito web]\n",
        encoding="utf-8",
    )
    # the same text as a step's title, exported with the journey's sheet
    path = root / "b2b/first-purchase.yaml"
    journey = path.read_text(encoding="utf-8")
    path.write_text(
        journey.replace(
            "title: Looks for the price on the website",
            "title: '=SOMMA(1;2) perché è già \"così\"'",
            1,
        ),
        encoding="utf-8",
    )
    for delimiter in (",", ";"):
        code, stdout, stderr = run("export", "csv", "opportunities", "--delimiter", delimiter)
        assert (code, stderr) == (0, "")
        (row,) = [r for r in rows(stdout, delimiter) if r["id"] == "prezzi/listino"]
        assert row["description"] == "Un listino, con più righe;\ne virgole, punti e virgola."
        assert (row["status"], row["labels"], row["impact"]) == ("idea", "prezzi, sito web", "")
        assert row["addresses"] == "b2b/first-purchase#visits-pricing-page"  # each once
        # the cell reaches the file exactly as the journey's sheet writes it
        code, journey_sheet, _ = run(
            "export", "csv", "b2b/first-purchase", "--delimiter", delimiter
        )
        assert code == 0
        # quoted for its quotes, and for a spreadsheet's formula sign where the writer guards it
        text = '=SOMMA(1;2) perché è già ""così""'
        (written,) = [cell for cell in (f'"{text}"', f'"\'{text}"') if cell in stdout]
        assert f"{delimiter}{written}{delimiter}" in journey_sheet


def test_for_excel_and_an_empty_backlog(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", "csv", "opportunities",
         "--delimiter", ";", "--bom"],
        capture_output=True, check=True,
    )  # fmt: skip
    assert result.stdout.startswith(("\ufeff" + ";".join(HEADER) + "\r\n").encode())
    assert result.stderr == b""
    for path in sorted((root / "opportunities").rglob("*.yaml")):
        path.unlink()
    # the studies the opportunities cited are still cited by steps: only a warning less
    code, stdout, stderr = run("export", "csv", "opportunities")
    assert (code, stdout, stderr) == (
        0,
        ",".join(HEADER) + "\n",  # CRLF, read back by the runner as LF
        "warning: journeys has no opportunities\n",
    )


def test_a_journey_with_the_same_name(root: Path) -> None:
    (root / "opportunities.yaml").write_text(
        "title: Opportunità\nstages: [{name: Fase}]\n", encoding="utf-8"
    )
    code, stdout, stderr = run("export", "csv", "opportunities")
    assert code == 0
    assert len(rows(stdout)) == 5
    assert stderr == (
        "warning: 'opportunities' names the opportunities here, not the journey "
        "'opportunities'; export that one as json or mermaid, or rename its file\n"
    )


def test_an_invalid_opportunity_stops_the_export(root: Path) -> None:
    path = root / "opportunities/pricing/transparent-price-list.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: planned", "status: planed"),
        encoding="utf-8",
    )
    code, stdout, stderr = run("export", "csv", "opportunities")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[0] == (
        "journeys/opportunities/pricing/transparent-price-list.yaml:7:9: error: "
        "status: expected 'idea', 'planned', 'in-progress', 'done' or 'dropped', got 'planed' "
        "(did you mean 'planned'?)"
    )
