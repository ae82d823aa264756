"""The site shows each journey's Git history, from one git log of the whole root."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.site.build import build
from tests.conftest import WriteRoot
from tests.tools import need


def git(repo: Path, *args: str, author: str = "Chiara Ricci", when: str = "") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "cx@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "cx@example.org",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.fixture
def repo(write_root: WriteRoot, tmp_path: Path) -> Path:
    need("git")
    root = write_root(
        {
            "personas/giulia.yaml": "name: Giulia\n",
            "acquisto.yaml": "title: Acquisto\npersona: giulia\nstages: [{name: Scoperta}]\n",
            "rinnovo.yaml": "title: Rinnovo\npersona: giulia\nstages: [{name: Scadenza}]\n",
        }
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Prima mappa", when="2026-03-01T10:00:00+01:00")
    text = (root / "acquisto.yaml").read_text().replace("Acquisto", "Acquisto più semplice")
    (root / "acquisto.yaml").write_text(text)
    git(
        tmp_path,
        "commit",
        "-qam",
        "Titolo più chiaro",
        author="Bea Conti",
        when="2026-05-02T09:30:00+02:00",
    )
    return root


def test_a_journey_page_shows_its_history(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "out", pdf=False, jobs=1)
    page = (tmp_path / "out/site/journeys/acquisto/index.html").read_text(encoding="utf-8")
    assert "Last changed on 2026-05-02 by Bea Conti" in page
    commits = re.findall(r'<span class="jm-commit-author">([^<]+)</span>: ([^<]+) <code', page)
    assert commits == [("Bea Conti", "Titolo più chiaro"), ("Chiara Ricci", "Prima mappa")]
    assert "2 changes" in page


def test_the_index_can_sort_by_last_change(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "out", pdf=False, jobs=1)
    index = (tmp_path / "out/site/index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-changed="([^"]+)"', index) == [
        "2026-05-02T09:30:00+02:00",
        "2026-03-01T10:00:00+01:00",
    ]
    assert '<option value="changed">Last change</option>' in index


def test_history_alone_renders_the_page_again(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = repo / "rinnovo.yaml"
    path.write_text(path.read_text() + "tags: [b2b]\n")
    git(tmp_path, "commit", "-qam", "Etichetta", when="2026-06-01T08:00:00+02:00")
    build(repo, out, pdf=False, jobs=1)
    # the same file, another commit: only what the history says has changed
    git(tmp_path, "commit", "-q", "--amend", "-m", "Etichetta b2b", author="Bea Conti")
    result = build(repo, out, pdf=False, jobs=1)
    assert result.rendered >= 1
    page = (out / "site/journeys/rinnovo/index.html").read_text(encoding="utf-8")
    assert "Etichetta b2b" in page


def test_outside_git_there_is_no_history(write_root: WriteRoot, tmp_path: Path) -> None:
    root = write_root({"a.yaml": "title: A\nstages: [{name: S}]\n"})
    build(root, tmp_path / "out", pdf=False, jobs=1)
    page = (tmp_path / "out/site/journeys/a/index.html").read_text(encoding="utf-8")
    assert "jm-history" not in page
