"""The build engine: incremental, parallel, atomic; caches that are safe to lose."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator.cli import cli
from generator.content import cache as modelcache
from generator.content.diagnostics import ContentError
from generator.content.validate import check_root
from generator.site.build import build
from generator.site.incremental import Manifest
from generator.views import markdown, searchindex
from generator.views.environment import Fragments
from generator.views.kinds import AGGREGATE, AGGREGATES
from generator.views.pages import Planner
from tests.conftest import WriteRoot

REPO = Path(__file__).resolve().parent.parent
STEP = """
      - title: Passo {n}
        emotion: {emotion}
        pains: [Attesa numero {n}]
        channel: web
        owner: vendite
"""


def journey(number: int, emotion: int = 1) -> str:
    steps = "".join(STEP.format(n=n, emotion=emotion) for n in range(3))
    return (
        f"title: Percorso {number}\npersona: giulia\nreviewed: 2026-10-01\n"
        f"stages:\n  - name: Acquisto\n    steps:\n{steps}"
    )


# The fixture's pages: 20 journeys, the index, the personas and Giulia's, the
# touchpoints and the web channel's, the owners and Vendite's, insights, 404.
PAGES = 29


@pytest.fixture
def root(write_root: WriteRoot) -> Path:
    files = {f"gruppo/p{n:02d}.yaml": journey(n) for n in range(20)}
    files["personas/giulia.yaml"] = "name: Giulia\nrole: Titolare\n"
    files["site.yaml"] = "language: it\ndepartments:\n  vendite: {label: Vendite}\n"
    return write_root(files)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_rebuild_with_nothing_changed_renders_nothing(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(root, out, pdf=False, jobs=2)
    assert first.rendered == first.pages == PAGES
    before = tree(out / "site")
    second = build(root, out, pdf=False, jobs=2)
    assert second.rendered == 0
    assert tree(out / "site") == before


def test_an_edit_renders_its_page_and_what_shows_it(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    (root / "gruppo/p07.yaml").write_text(journey(7, emotion=-2), encoding="utf-8")
    result = build(root, out, pdf=False, jobs=2)
    # the journey's page, and the aggregates whose context holds its emotions:
    # index (sparkline), persona page (cards), touchpoints and owners (average emotions,
    # on the summary and the channel's or department's page), insights (valleys)
    assert 1 <= result.rendered <= 8
    clean = tmp_path / "clean"
    build(root, clean, pdf=False, jobs=1, clean=True)
    assert tree(out / "site") == tree(clean / "site")


def test_an_edit_to_a_pain_does_not_render_the_index(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    index = (out / "site/index.html").stat().st_ino
    path = root / "gruppo/p03.yaml"
    path.write_text(path.read_text().replace("Attesa numero 1", "Attesa lunghissima"))
    result = build(root, out, pdf=False, jobs=1)
    assert result.rendered < result.pages
    assert (out / "site/index.html").stat().st_ino == index  # linked from the last build
    assert "Attesa lunghissima" in (out / "site/search.json").read_text(encoding="utf-8")


def test_templates_and_settings_invalidate_every_page(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    site = root / "site.yaml"
    site.write_text(site.read_text().replace("language: it", "language: en"))
    assert build(root, out, pdf=False, jobs=1).rendered == PAGES
    user_templates = root.parent / "templates"
    user_templates.mkdir()
    (user_templates / "404.html").write_text("{% extends 'default:404.html' %}")
    assert build(root, out, pdf=False, jobs=1).rendered == PAGES


def test_templates_kept_compiled_are_compiled_again_once_changed(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    user_templates = root.parent / "templates"
    user_templates.mkdir()
    page = user_templates / "404.html"
    page.write_text("{% extends 'default:404.html' %}{% block content %}Smarrito{% endblock %}")
    build(root, out, pdf=False, jobs=1)
    assert any((out / ".cache/templates").iterdir())
    page.write_text("{% extends 'default:404.html' %}{% block content %}Perduto è{% endblock %}")
    build(root, out, pdf=False, jobs=1)
    shown = (out / "site/404.html").read_text(encoding="utf-8")
    assert "Perduto è" in shown and "Smarrito" not in shown
    # a damaged cache is compiled over, not trusted
    for kept in (out / ".cache/templates").iterdir():
        kept.write_bytes(b"garbage")
    page.write_text("{% extends 'default:404.html' %}{% block content %}Di nuovo{% endblock %}")
    build(root, out, pdf=False, jobs=1)
    assert "Di nuovo" in (out / "site/404.html").read_text(encoding="utf-8")


def test_a_rebuild_draws_the_parts_of_the_edited_journey_alone(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    assert {path.name for path in (out / ".cache/parts").iterdir()} == {
        "index.pickle",
        "persona_pages.pickle",
    }
    drawn: list[str] = []
    draw = Fragments.draw

    def counted(self: Fragments, name: str, values: dict[str, object]) -> Markup:
        drawn.append(name)
        return draw(self, name, values)

    monkeypatch.setattr(Fragments, "draw", counted)
    path = root / "gruppo/p03.yaml"
    path.write_text(path.read_text().replace("Percorso 3", "Percorso tre, più caro"))
    build(root, out, pdf=False, jobs=1)
    # its cards on the home page and on Giulia's, its row there; the other 19 journeys' kept
    assert sorted(drawn) == ["partials/card.html", "partials/card.html", "partials/lived-row.html"]
    build(root, tmp_path / "fresh", pdf=False, jobs=1)
    assert tree(out / "site") == tree(tmp_path / "fresh/site")
    # a store that cannot be read is no store: every part is drawn again
    for store in (out / ".cache/parts").iterdir():
        store.write_bytes(b"\x80\x05garbage")
    drawn.clear()
    path.write_text(path.read_text().replace("più caro", "più caro ancora"))
    build(root, out, pdf=False, jobs=1)
    assert len(drawn) == 3 * 20
    build(root, tmp_path / "fresh-2", pdf=False, jobs=1)
    assert tree(out / "site") == tree(tmp_path / "fresh-2/site")


@pytest.mark.parametrize("damage", ["garbage", "empty", "foreign"])
def test_a_damaged_cache_means_a_full_and_correct_build(
    root: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    expected = tree(out / "site")
    manifest = out / ".cache/pages.json"
    models = sorted((out / ".cache/models").iterdir())
    text = {"garbage": "{not json", "empty": "", "foreign": '{"version": 99, "pages": {}}'}
    manifest.write_text(text[damage])
    for model in models:
        model.write_bytes(b"\x80\x05garbage")
    result = build(root, out, pdf=False, jobs=1)
    assert result.rendered == result.pages
    assert tree(out / "site") == expected


def test_pages_rendered_in_parallel_equal_those_rendered_alone(root: Path, tmp_path: Path) -> None:
    build(root, tmp_path / "one", pdf=False, jobs=1)
    build(root, tmp_path / "two", pdf=False, jobs=2)
    assert tree(tmp_path / "one/site") == tree(tmp_path / "two/site")


def test_clean_forgets_every_cache(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    (root / "gruppo/p01.yaml").write_text(journey(1, emotion=-1), encoding="utf-8")
    build(root, out, pdf=False, jobs=1)  # the first site is kept as the spare
    assert (out / ".cache/spare").is_dir()
    second = tree(out / "site")
    (out / ".staging-999999").mkdir()  # what a killed build leaves
    result = build(root, out, pdf=False, jobs=1, clean=True)
    assert result.rendered == result.pages
    assert not (out / ".staging-999999").exists()
    trash = out / ".cache/trash"
    for _ in range(200):  # the spare is removed by a process of its own
        if not any(trash.iterdir()):
            break
        time.sleep(0.05)
    assert not any(trash.iterdir())
    assert tree(out / ".cache/spare") == second  # the site this build replaced, no other


def test_build_prints_how_much_it_rendered(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["build", str(root), "--out", str(out), "--no-pdf", "--jobs", "2"]
    assert f"({PAGES} rendered)" in runner.invoke(cli, args).stdout
    assert "(0 rendered)" in runner.invoke(cli, args).stdout


@pytest.mark.parametrize("spare", [False, True], ids=["new folders", "a spare"])
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(
    root: Path, tmp_path: Path, spare: bool
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    old = tree(out / "site")
    for n in range(20):  # a visible change to every page
        (root / f"gruppo/p{n:02d}.yaml").write_text(journey(n, emotion=2), encoding="utf-8")
    reference = tmp_path / "reference"
    build(root, reference, pdf=False, jobs=1)
    new = tree(reference / "site")
    assert new != old

    rng = random.Random(20261123)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "build", str(root), "--out", str(out)]
    seen = []
    for attempt in range(12):
        if tree(out / "site") != old:  # start each attempt from the old site
            shutil.rmtree(out / "site")
            _restore(old, out / "site")
        shutil.rmtree(out / ".cache", ignore_errors=True)  # so that everything is rendered
        if spare:  # as a swap leaves it: sharing every file with the published site
            shutil.copytree(out / "site", out / ".cache/spare", copy_function=os.link)
        process = subprocess.Popen(
            [*command, "--no-pdf", "--jobs", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its worker processes die with it
        )
        # with a spare, mostly while it is emptied and written into (a build of 20 takes
        # half a second, most of it Python starting)
        time.sleep(rng.uniform(0.25, 0.6) if spare else rng.uniform(0.3, 3.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = tree(out / "site")
        assert now in (old, new), f"attempt {attempt}: the site is a mix of two builds"
        seen.append("new" if now == new else "old")
    # what the kills interrupted, for whoever reads a failure
    print("outcomes:", seen)
    assert build(root, out, pdf=False, jobs=1).pages == PAGES  # and the next build recovers


def _restore(files: dict[str, bytes], folder: Path) -> None:
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_nothing_changed_gives_the_last_answer_warnings_included(
    root: Path, tmp_path: Path
) -> None:
    (root / "personas/luca.yaml").write_text("name: Luca\n", encoding="utf-8")  # used by none
    out = tmp_path / "out"
    runner = CliRunner()
    args = ["build", str(root), "--out", str(out), "--no-pdf", "--jobs", "2"]
    first = runner.invoke(cli, args)
    again = runner.invoke(cli, args)
    assert f"({PAGES + 1} rendered)" in first.stdout  # and Luca's page
    assert "(0 rendered)" in again.stdout
    assert "warning: persona 'luca' is used by no journey" in first.stderr
    assert again.stderr == first.stderr
    strict = runner.invoke(cli, [*args, "--strict"])
    full = runner.invoke(cli, [*args, "--strict", "--clean"])
    assert strict.exit_code == full.exit_code == 1
    assert strict.stderr == full.stderr


def test_a_site_changed_by_hand_is_put_right(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    expected = tree(out / "site")
    (out / "site/journeys/gruppo/p04/index.html").unlink()
    (out / "site/index.html").write_text("changed by hand", encoding="utf-8")
    result = build(root, out, pdf=False, jobs=1)
    assert result.rendered == 2
    assert tree(out / "site") == expected


def test_every_setting_and_input_is_part_of_nothing_changed(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    assert build(root, out, pdf=False, jobs=1, drafts=True).rendered > 0
    (root / "gruppo/notes.txt").write_text("not YAML, still an input", encoding="utf-8")
    assert build(root, out, pdf=False, jobs=1, drafts=True).pages == PAGES  # built, not reused
    assert build(root, out, pdf=False, jobs=1, drafts=True).rendered == 0


def test_the_site_a_swap_retires_is_kept_for_the_next_build_to_write_into(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=1)
    first_folder = (out / "site/journeys/gruppo/p01").stat().st_ino
    (root / "gruppo/p01.yaml").write_text(journey(1, emotion=-1), encoding="utf-8")
    build(root, out, pdf=False, jobs=1)
    second = tree(out / "site")
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".journeymap", "site"]
    assert not (out / ".cache/trash").exists()  # nothing deleted
    spare = out / ".cache/spare"
    (out / "site/extra.txt").write_text("put there by hand", encoding="utf-8")
    (root / "gruppo/p02.yaml").unlink()
    (root / "gruppo/nuovo.yaml").write_text(journey(30), encoding="utf-8")
    (root / "gruppo/p01.yaml").write_text(journey(1, emotion=2), encoding="utf-8")
    build(root, out, pdf=False, jobs=2)
    # the first site's folders, emptied and written into; the second site kept whole,
    # though it shares its unchanged pages with the third
    assert (out / "site/journeys/gruppo/p01").stat().st_ino == first_folder
    assert tree(spare) == {**second, "extra.txt": b"put there by hand"}
    assert not (out / "site/journeys/gruppo/p02").exists()
    build(root, tmp_path / "clean", pdf=False, jobs=1)
    assert tree(out / "site") == tree(tmp_path / "clean/site")


PLAIN = "aàZé19 _-*+#>.,;:?!'\"%/()[]<>&\\`~|=\t\n\u00a0\u2028"


@given(st.text(alphabet=PLAIN, max_size=12))
@settings(max_examples=3000, deadline=None)
def test_text_without_markdown_renders_as_markdown_it_renders_it(text: str) -> None:
    assert markdown.render(text) == Markup(MarkdownIt("js-default").render(text).strip())
    expected = MarkdownIt("js-default").renderInline(text).strip()
    assert markdown.render_inline(text) == Markup(expected)


@pytest.mark.parametrize(
    ("old", "new"),
    [("Percorso 5", "Percorso cinque"), ("channel: web", "channel: phone"), ("owner: vendite", "")],
)
def test_an_incremental_site_equals_a_clean_one(
    root: Path, tmp_path: Path, old: str, new: str
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    path = root / "gruppo/p05.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    build(root, out, pdf=False, jobs=2)
    clean = tmp_path / "clean"
    build(root, clean, pdf=False, jobs=1, clean=True)
    assert tree(out / "site") == tree(clean / "site")


def test_a_summary_edit_leaves_the_pages_that_do_not_show_it(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    untouched = ["touchpoints", "owners", "insights"]
    inodes = {name: (out / f"site/{name}/index.html").stat().st_ino for name in untouched}
    path = root / "gruppo/p03.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "summary: Nuovo riassunto\n")
    result = build(root, out, pdf=False, jobs=2)
    assert result.rendered == 3  # its page, the index, Giulia's page
    assert {name: (out / f"site/{name}/index.html").stat().st_ino for name in untouched} == inodes


def test_each_aggregate_says_where_its_pages_go() -> None:
    content = check_root(REPO / "journeys")
    planner = Planner(content, drafts=True, pdf=True, today=date(2026, 11, 23))
    for kind in AGGREGATES:
        assert kind.paths(planner) == [p.chrome.path for p in kind.pages(planner)]


def test_the_search_index_from_its_parts_is_the_whole_index(write_root: WriteRoot) -> None:
    tricky = 'Passo ,"j":-1, e \\"j\\"'
    files = {f"g/p{n}.yaml": journey(n).replace("Passo 1", f"'{tricky}'") for n in range(3)}
    content = check_root(write_root({**files, "personas/giulia.yaml": "name: Giulia\n"}))
    journeys = list(content.journeys.values())
    assert len(journeys) == 3
    whole = searchindex.search_json(journeys, content.personas)
    assert json.dumps(tricky, ensure_ascii=False)[1:-1] in whole
    parts = [searchindex.journey_json(j, content.personas) for j in journeys]
    assert "".join(searchindex.joined(parts)) == whole


def test_a_failed_build_leaves_the_cache_as_it_was(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    before = tree(out / ".cache")
    for n in range(20):  # enough files to be checked in parallel
        (root / f"gruppo/p{n:02d}.yaml").write_text(journey(n, emotion=-1), encoding="utf-8")
    (root / "gruppo/p19.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(root, out, pdf=False, jobs=2)
    assert tree(out / ".cache") == before
    assert [p.name for p in (out / ".cache/models").iterdir() if p.is_dir()] == []


def test_a_rebuild_after_one_edit_reads_back_only_that_journey(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    read: list[tuple[Path, modelcache.Entry]] = []
    real = modelcache.read_journey
    monkeypatch.setattr(
        modelcache, "read_journey", lambda *entry: read.append(entry) or real(*entry)
    )
    path = root / "gruppo/p03.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "summary: Nuovo riassunto\n")
    result = build(root, out, pdf=False, jobs=1)
    assert (result.rendered, read) == (3, [])  # the edited journey is parsed, not read back


def test_a_first_build_in_parallel_reads_back_no_journey(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[tuple[Path, modelcache.Entry]] = []
    real = modelcache.read_journey
    monkeypatch.setattr(
        modelcache, "read_journey", lambda *entry: read.append(entry) or real(*entry)
    )
    result = build(root, tmp_path / "out", pdf=False, jobs=2)  # 20 files: parsed by workers
    assert (result.rendered, read) == (PAGES, [])  # each came with its summary
    build(root, tmp_path / "clean", pdf=False, jobs=1)
    assert tree(tmp_path / "out/site") == tree(tmp_path / "clean/site")


def test_a_large_root_holds_no_journey_it_has_read_back(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    build(root, clean, pdf=False, jobs=2)
    monkeypatch.setattr(modelcache, "KEEP_UP_TO", 5)  # 20 journeys: a large root
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    content = check_root(root, cache=modelcache.ModelCache(out / ".cache/models"), jobs=2)
    first = content.journeys["gruppo/p00"]
    assert content.journeys["gruppo/p00"] is not first  # read again, not kept
    assert content.journeys["gruppo/p00"] == first
    assert tree(out / "site") == tree(clean / "site")
    (root / "gruppo/p07.yaml").write_text(journey(7, emotion=-2), encoding="utf-8")
    build(root, out, pdf=False, jobs=2)
    build(root, clean, pdf=False, jobs=1, clean=True)
    assert tree(out / "site") == tree(clean / "site")


def _packs(out: Path) -> dict[str, int]:
    folder = out / ".cache/models"
    return {p.name: p.stat().st_size for p in folder.iterdir() if p.name != modelcache.INDEX}


def test_a_parallel_build_keeps_its_checked_journeys_in_a_few_packs(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)  # 20 files: checked in parallel
    packs = _packs(out)
    assert 1 <= len(packs) < 20
    assert all(name.endswith(modelcache.PACK_SUFFIX) for name in packs)
    index = modelcache.read_index(out / ".cache/models" / modelcache.INDEX)
    assert len(index) == 20 and {entry.pack for entry in index.values()} == set(packs)


def test_edits_build_after_build_leave_no_cache_that_grows_without_bound(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    for n in range(20):  # each journey edited in a build of its own
        path = root / f"gruppo/p{n:02d}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"summary: Modifica {n}\n")
        build(root, out, pdf=False, jobs=1)
        index = modelcache.read_index(out / ".cache/models" / modelcache.INDEX)
        live = sum(entry.summary + entry.journey for entry in index.values())
        packs = _packs(out)
        assert set(packs) == {entry.pack for entry in index.values()}  # none left unused
        assert sum(packs.values()) <= 2 * live + max(packs.values())
        assert len(index) == 20
    build(root, tmp_path / "clean", pdf=False, jobs=1)
    assert tree(out / "site") == tree(tmp_path / "clean/site")


@pytest.mark.parametrize("damage", ["cut short", "removed", "garbage"])
def test_a_damaged_pack_means_its_journeys_are_checked_again(
    root: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    build(root, tmp_path / "clean", pdf=False, jobs=1)
    for name, size in _packs(out).items():
        pack = out / ".cache/models" / name
        if damage == "cut short":
            os.truncate(pack, size // 2)
        elif damage == "removed":
            pack.unlink()
        else:
            pack.write_bytes(b"\x80\x05garbage" * (size // 10))
    (out / ".cache/pages.json").unlink()  # every page made again, from every journey
    build(root, out, pdf=False, jobs=2)
    assert tree(out / "site") == tree(tmp_path / "clean/site")
    assert len(modelcache.read_index(out / ".cache/models" / modelcache.INDEX)) == 20


def test_what_a_killed_build_left_in_the_cache_is_cleared(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(root, out, pdf=False, jobs=2)
    models = out / ".cache/models"
    (models / ".pending-999999").mkdir()
    (models / ".pending-999999/1-abc.pack").write_bytes(b"half")
    (models / ".12-def.pack.tmp").write_bytes(b"half")
    (models / "0123456789abcdef.pickle").write_bytes(b"an older cache's entry")
    path = root / "gruppo/p05.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "summary: Altro\n")
    build(root, out, pdf=False, jobs=1)
    index = modelcache.read_index(models / modelcache.INDEX)
    expected = {modelcache.INDEX, *(entry.pack for entry in index.values())}
    assert {p.name for p in models.iterdir()} == expected


def test_a_cache_that_cannot_be_written_costs_only_time(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    (out / ".cache/models").write_text("a file where the cache's folder would go")
    result = build(root, out, pdf=False, jobs=2)  # 20 files: checked in parallel
    assert result.rendered == result.pages == PAGES
    build(root, tmp_path / "clean", pdf=False, jobs=1)
    assert tree(out / "site") == tree(tmp_path / "clean/site")


def test_the_pages_of_channels_and_departments_are_found_without_the_journeys(
    write_root: WriteRoot, tmp_path: Path
) -> None:
    files = {f"g/p{n:02d}.yaml": journey(n) for n in range(20)}
    files["g/altro.yaml"] = journey(99).replace("channel: web", "channel: phone")
    files["g/nessuno.yaml"] = journey(98).replace("owner: vendite\n", "")
    files["personas/giulia.yaml"] = "name: Giulia\n"
    files["site.yaml"] = "departments:\n  vendite: {label: Vendite}\n"
    root = write_root(files)
    build(root, tmp_path / "out", pdf=False, jobs=2)
    manifest = Manifest.read(tmp_path / "out/.cache/pages.json")
    planner = Planner(check_root(root), drafts=False, pdf=False, today=date(2026, 11, 23))
    for name in ("touchpoints", "owners"):
        assert manifest.aggregates[name][1] == AGGREGATE[name].paths(planner)
    assert "touchpoints/phone/index.html" in manifest.aggregates["touchpoints"][1]
    assert "owners/~none/index.html" in manifest.aggregates["owners"][1]
