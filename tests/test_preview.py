"""The preview of `journeymap serve`, made again after each save: after every kind of
change (an edit, a new journey, a rename, a deletion, an opportunity, site settings, a
persona, a broken save and its fix) the served site is, byte for byte and file for file,
what a full build of the same content makes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.content import load
from generator.content.diagnostics import ContentError
from generator.site.build import build
from generator.site.preview import Preview
from generator.views import insights

EXAMPLE = Path(__file__).resolve().parents[1] / "journeys"


def files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def folders(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir()}


class Checked:
    """A preview of a copy of the example root, compared with a full build after each
    change."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "root" / "journeys"
        shutil.copytree(EXAMPLE, self.root)
        self.tmp = tmp_path
        self.preview = Preview(self.root, tmp_path / "served")
        self.preview.update()
        self.builds = 0

    def change(self, *paths: Path, **told: Any) -> int:
        """Tell the preview these paths changed; how many pages it rendered."""
        rendered = self.preview.update(set(paths), **told)
        self.builds += 1
        fresh = self.tmp / f"fresh-{self.builds}"
        build(self.root, fresh, pdf=False, drafts=True)
        served, expected = self.preview.site, fresh / "site"
        assert files(served) == files(expected)
        assert folders(served) == folders(expected)
        return rendered

    def edit(self, relative: str, old: str, new: str) -> Path:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path


@pytest.fixture
def checked(tmp_path: Path) -> Checked:
    return Checked(tmp_path)


def test_an_edited_step_renders_its_page_in_place(checked: Checked) -> None:
    path = checked.edit(
        "ecommerce/cart-abandonment.yaml", "doing: Sees the printer", "doing: Rivisto · the printer"
    )
    page = checked.preview.site / "journeys/ecommerce/cart-abandonment/index.html"
    other = checked.preview.site / "journeys/b2b/first-purchase/index.html"
    untouched = other.stat().st_ino
    rendered = checked.change(path)
    assert not checked.preview.built_whole
    assert checked.preview.last is not None
    assert 0 < rendered < len(checked.preview.last.manifest.keys) / 4
    assert "Rivisto ·" in page.read_text(encoding="utf-8")
    assert other.stat().st_ino == untouched  # left where it was, not written again


def test_a_new_renamed_and_deleted_journey(checked: Checked) -> None:
    source = checked.root / "ecommerce/cart-abandonment.yaml"
    copy = checked.root / "ecommerce/returns.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    checked.change(copy)
    assert not checked.preview.built_whole
    assert (checked.preview.site / "journeys/ecommerce/returns/index.html").is_file()

    moved = checked.root / "ecommerce/refunds.yaml"
    copy.rename(moved)
    checked.change(copy, moved)
    assert not (checked.preview.site / "journeys/ecommerce/returns").exists()

    moved.unlink()
    checked.change(moved)
    assert not (checked.preview.site / "journeys/ecommerce/refunds").exists()
    assert not checked.preview.built_whole


def test_an_opportunity_edited_in_place(checked: Checked) -> None:
    found = sorted((checked.root / "opportunities").rglob("*.yaml"))[0]
    text = found.read_text(encoding="utf-8")
    found.write_text(text.replace("title:", "title: Nuova ·", 1), encoding="utf-8")
    checked.change(found)
    assert not checked.preview.built_whole


def test_an_opportunity_makes_again_the_findings_of_the_journeys_it_addresses(
    checked: Checked, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    make = insights._journey_into

    def counted(journey: Any, *args: Any) -> None:
        made.append(journey.id)
        make(journey, *args)

    monkeypatch.setattr(insights, "_journey_into", counted)
    opportunity = "opportunities/checkout/guest-checkout.yaml"
    # a first save in place makes every journey's findings, which the next ones keep
    checked.preview.update({checked.edit(opportunity, "impact: 5", "impact: 4")})
    made.clear()
    page = checked.preview.site / "insights/index.html"
    before = page.read_bytes()
    # work no longer done where the customer still feels low: the insights page says so
    found = checked.edit(opportunity, "status: done", "status: in-progress")
    rendered = checked.preview.update({found})
    assert not checked.preview.built_whole
    assert 0 < rendered < 20
    assert page.read_bytes() != before
    assert made == ["ecommerce/cart-abandonment"]  # what it addresses: not every journey
    checked.change()  # and the site is what a full build makes of the same


def test_a_save_reads_again_the_backlog_files_that_changed_alone(
    checked: Checked, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    reader = load.read

    def counted(path: Path) -> Any:
        read.append(path.relative_to(checked.root).as_posix())
        return reader(path)

    monkeypatch.setattr(load, "read", counted)
    backlog = ("opportunities/", "research/")
    opportunity = "opportunities/checkout/guest-checkout.yaml"
    checked.change(checked.edit(opportunity, "impact: 5", "impact: 4"))
    read.clear()
    checked.preview.update({checked.edit(opportunity, "impact: 4", "impact: 3")})
    assert [name for name in read if name.startswith(backlog)] == [opportunity]

    # a file kept broken is reported at every save, until it is mended
    broken = checked.edit(opportunity, "status: done", "status: finished")
    with pytest.raises(ContentError, match="finished"):
        checked.preview.update({broken})
    journey = checked.edit("ecommerce/cart-abandonment.yaml", "doing: Sees", "doing: Vede")
    with pytest.raises(ContentError, match="finished"):
        checked.preview.update({journey})
    checked.change(checked.edit(opportunity, "status: finished", "status: done"), journey)


def test_site_settings_and_personas_are_built_whole(checked: Checked) -> None:
    site = checked.edit("site.yaml", "title:", "title: Mappe ·")
    checked.change(site)
    assert checked.preview.built_whole
    persona = sorted((checked.root / "personas").glob("*.yaml"))[0]
    persona.write_text(
        persona.read_text(encoding="utf-8").replace("name:", "name: Nuovo", 1), encoding="utf-8"
    )
    checked.change(persona)
    assert checked.preview.built_whole
    # and the next edit goes in place again, from what the full build recorded
    path = checked.edit("ecommerce/cart-abandonment.yaml", "title:", "title: Dopo ·")
    checked.change(path)
    assert not checked.preview.built_whole


def test_a_full_build_after_edits_in_place_takes_over_their_pages(checked: Checked) -> None:
    path = checked.edit("ecommerce/cart-abandonment.yaml", "title:", "title: Prima ·")
    checked.change(path)
    # a burst of many files is built whole: from the site as the edits left it
    many = {checked.root / f"nuovo-{n}.txt" for n in range(40)}
    for extra in many:
        extra.write_text("note\n", encoding="utf-8")
    rendered = checked.change(path, *many)
    assert checked.preview.built_whole
    assert rendered == 0  # nothing that shows changed: every page taken over


def test_a_broken_save_keeps_the_last_good_site(checked: Checked) -> None:
    before = files(checked.preview.site)
    path = checked.edit("ecommerce/cart-abandonment.yaml", "title:", "title: [non chiuso")
    with pytest.raises(ContentError) as raised:
        checked.preview.update({path})
    assert raised.value.diagnostics
    assert files(checked.preview.site) == before
    fixed = checked.edit("ecommerce/cart-abandonment.yaml", "title: [non chiuso", "title: Fixed ·")
    checked.change(fixed)
    assert not checked.preview.built_whole


def test_the_edited_map_is_written_before_the_pages_that_list_it(checked: Checked) -> None:
    path = checked.edit("ecommerce/cart-abandonment.yaml", "title: Cart", "title: Carrello è ·")
    page = checked.preview.site / "journeys/ecommerce/cart-abandonment/index.html"
    home = checked.preview.site / "index.html"
    told: list[tuple[set[str], str, str]] = []

    def maps_written(to_come: set[str]) -> None:
        told.append((to_come, page.read_text(encoding="utf-8"), home.read_text(encoding="utf-8")))

    written: list[str] = []
    checked.preview.update({path}, maps_written=maps_written, page_written=written.append)
    [(to_come, map_then, home_then)] = told
    # each told once written, or found as it should be
    assert to_come <= set(written)
    assert "Carrello è ·" in map_then and "Carrello è ·" not in home_then
    assert {"index.html", "search.json", "assets/search-index.js"} <= to_come
    assert "journeys/ecommerce/cart-abandonment/index.html" not in to_come
    assert "Carrello è ·" in home.read_text(encoding="utf-8")
    checked.change()  # and the site is then the one a full build makes

    # a step's text shows on its map and in the search, not on the pages that list it
    path = checked.edit(
        "ecommerce/cart-abandonment.yaml", "doing: Sees the printer", "doing: Vede ·"
    )
    checked.preview.update({path}, maps_written=lambda to_come: told.append((to_come, "", "")))
    assert "index.html" not in told[-1][0]


def test_a_new_journey_is_not_shown_before_its_lists(checked: Checked) -> None:
    source = checked.root / "ecommerce/cart-abandonment.yaml"
    copy = checked.root / "ecommerce/resi.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    told: list[set[str]] = []
    checked.preview.update({copy}, maps_written=told.append)
    assert not checked.preview.built_whole
    assert told == []  # a journey added changes every list and the site map at once


def test_what_a_map_shows_is_in_place_and_what_goes_is_held(checked: Checked) -> None:
    # one save: a new image shown in the summary, and the only step owned by support
    # given to another department, whose page is then no longer built
    (checked.root / "images" / "carrello è.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8"
    )
    path = checked.edit(
        "ecommerce/cart-abandonment.yaml",
        "summary: |\n",
        "summary: |\n  ![Il carrello](../images/carrello%20è.svg)\n",
    )
    site = checked.preview.site
    seen: dict[str, object] = {}

    def maps_written(to_come: set[str]) -> None:
        seen["to_come"] = to_come
        seen["media"] = sorted(p.name for p in (site / "media").rglob("*.svg"))

    checked.change(path, checked.root / "images" / "carrello è.svg", maps_written=maps_written)
    assert "carrello è.svg" in seen["media"]  # type: ignore[operator]
    assert "sitemap.xml" not in seen["to_come"]  # type: ignore[operator]  # written already
