"""A build replaces its output's site whole: it must never take the content root, or a
folder it did not make, along with it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

JOURNEY = "title: Caffè\nstages: [{name: Scoperta}]\n"


def build(root: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", str(root), "--out", str(out), "--no-pdf", *extra])
    return result.exit_code, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_content_root_that_is_the_output_site_is_refused_and_kept(write_root, tmp_path) -> None:
    out = tmp_path / "out"
    root = write_root({"a.yaml": JOURNEY}, out / "site")
    before = files(root)
    for _ in range(2):  # the second build is the one that would empty a spare
        code, stderr = build(root, out)
        assert code == 1
        assert "replaces: choose another --out" in stderr
        assert files(root) == before
    assert not (out / ".cache").exists()


def test_an_output_site_that_links_to_the_content_root_is_refused(write_root, tmp_path) -> None:
    root = write_root({"a.yaml": JOURNEY})
    out = tmp_path / "out"
    out.mkdir()
    (out / "site").symlink_to(root, target_is_directory=True)
    before = files(root)
    for _ in range(2):
        code, stderr = build(root, out)
        assert code == 1 and "is a link" in stderr
    assert files(root) == before and (out / "site").is_symlink()


def test_an_output_site_made_by_someone_else_is_left_alone(write_root, tmp_path) -> None:
    root = write_root({"a.yaml": JOURNEY})
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "notes.md").write_text("mine", encoding="utf-8")
    code, stderr = build(root, out)
    assert code == 1 and "was not made by journeymap" in stderr
    assert files(out) == {"site/notes.md": b"mine"}


def test_an_empty_output_site_is_built_into(write_root, tmp_path) -> None:
    root = write_root({"a.yaml": JOURNEY})
    (tmp_path / "out" / "site").mkdir(parents=True)
    assert build(root, tmp_path / "out")[0] == 0
    assert (tmp_path / "out/site/journeys/a/index.html").is_file()


def test_the_output_stays_its_own_without_its_cache(write_root, tmp_path) -> None:
    root = write_root({"a.yaml": JOURNEY})
    out = tmp_path / "out"
    assert build(root, out)[0] == 0
    shutil.rmtree(out / ".cache")  # the documentation says it is safe to delete
    (root / "a.yaml").write_text(JOURNEY.replace("Caffè", "Tè"), encoding="utf-8")
    assert build(root, out)[0] == 0
    assert build(root, out, "--clean")[0] == 0
    assert "Tè" in (out / "site/journeys/a/index.html").read_text(encoding="utf-8")


def test_a_spare_that_is_a_link_is_never_emptied(tmp_path) -> None:
    from generator.site.staging import take_spare

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "page.html").write_text("keep", encoding="utf-8")
    spare = tmp_path / "cache" / "spare"
    spare.parent.mkdir()
    spare.symlink_to(kept, target_is_directory=True)
    assert take_spare(spare, tmp_path / "staging" / "site") is False
    assert (kept / "page.html").read_text(encoding="utf-8") == "keep"
    assert not any((tmp_path / "staging" / "site").iterdir())
