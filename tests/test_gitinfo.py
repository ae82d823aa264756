"""The history of a content root from one `git log` pass, renames followed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_diff_repo import ROOT, build, git

from generator.history.git import Commit, history, last_commit

CET = timezone(timedelta(hours=1))


def commits(repo: Path) -> list[Commit]:
    """The repository's commits, newest first, as history() should report them."""
    hashes = git(repo, "log", "--format=%H").split()
    found = {
        "Alice Bianchi": (
            datetime(2026, 1, 10, 9, 0, tzinfo=CET),
            "Prima mappa: acquisto e reclamo",
        ),
        "Bruno Esposito": (
            datetime(2026, 2, 3, 14, 30, tzinfo=CET),
            "La demo passa alla considerazione; emozioni dopo le interviste",
        ),
        "Chiara Ricci": (
            datetime(2026, 3, 5, 18, 15, tzinfo=CET),
            "Reso aggiunto, reclamo tolto, file rinominato",
        ),
    }
    authors = ["Chiara Ricci", "Bruno Esposito", "Alice Bianchi"]
    return [
        Commit(full, full[:7], found[author][0], author, found[author][1])
        for full, author in zip(hashes, authors, strict=True)
    ]


def test_history_per_file_newest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    build(repo)
    chiara, bruno, alice = commits(repo)
    monkeypatch.chdir(repo)
    root = Path(ROOT)
    assert history(root) == {
        # renamed from b2b/acquisto.yaml: its earlier commits come along
        root / "b2b/primo-acquisto.yaml": [chiara, bruno, alice],
        root / "ecommerce/reso.yaml": [chiara],
        root / "personas/giulia.yaml": [alice],
        root / "personas/marco.yaml": [alice],
        root / "site.yaml": [alice],
        # servizio/reclamo.yaml was deleted: not there
    }
    assert history(repo / ROOT)[repo / ROOT / "site.yaml"] == [alice]
    # the keys are the paths validation records, so pages look their file up directly
    assert last_commit(root / "b2b/primo-acquisto.yaml", history(root)) == chiara
    assert last_commit(root / "b2b/primo-acquisto.yaml") == chiara
    assert last_commit(root / "personas/marco.yaml") == alice
    assert last_commit(root / "servizio/reclamo.yaml", history(root)) is None
    assert chiara.date.isoformat() == "2026-03-05T18:15:00+01:00"


def test_history_of_a_subfolder_of_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo" / "docs")
    assert sorted(history(Path("journeys/personas"))) == [
        Path("journeys/personas/giulia.yaml"),
        Path("journeys/personas/marco.yaml"),
    ]


def test_no_history_without_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "journeys").mkdir()
    assert history(tmp_path / "journeys") == {}
    assert last_commit(tmp_path / "journeys" / "a.yaml") is None
    git(tmp_path, "init", "-q")  # a repository without commits yet
    assert history(tmp_path / "journeys") == {}
    assert last_commit(tmp_path / "journeys" / "a.yaml") is None


def test_no_history_without_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert history(tmp_path / "repo" / ROOT) == {}
    assert last_commit(tmp_path / "repo" / ROOT / "site.yaml") is None


def test_names_with_spaces_and_accents(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "journeys").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "journeys/perché sì.yaml").write_text("title: T\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Perché", author="Zoë Ünal")
    git(repo, "mv", "journeys/perché sì.yaml", "journeys/così.yaml")
    git(repo, "commit", "-q", "-m", "Così", author="Zoë Ünal")
    found = history(repo / "journeys")
    assert list(found) == [repo / "journeys/così.yaml"]
    assert [(c.author, c.subject) for c in found[repo / "journeys/così.yaml"]] == [
        ("Zoë Ünal", "Così"),
        ("Zoë Ünal", "Perché"),
    ]
