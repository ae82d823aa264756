"""Shared fixtures: content roots written from a dict in one line."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.tools import need

WriteRoot = Callable[..., Path]

# The tests that take most of the suite's time: a browser, WeasyPrint laying out PDFs,
# fuzzing, killing builds. `python -m pytest` runs everything (CI does);
# `python -m pytest -m "not slow"` leaves these out, for a quick answer while editing.
SLOW_MODULES = frozenset(
    {
        "tests/hostile/test_fuzz_render.py",
        "tests/hostile/test_hostile_pdf.py",
        "tests/hostile/test_long_text.py",
        "tests/test_fuzz_validate.py",
        "tests/test_interop_properties.py",
        "tests/test_interrupt.py",
        "tests/test_pdf.py",
        "tests/test_pdf_backlog.py",
        "tests/test_pdf_places.py",
        "tests/test_pdf_tile.py",
    }
)
# Single tests of several seconds each: builds killed at every moment, in parallel,
# again and again, and the example workflow run end to end (by node id, parameters aside).
SLOW_TESTS = frozenset(
    {
        "tests/test_engine.py::test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site",
        "tests/test_engine.py::test_text_without_markdown_renders_as_markdown_it_renders_it",
        "tests/test_engine.py::test_edits_build_after_build_leave_no_cache_that_grows_without_bound",
        "tests/test_engine.py::test_a_first_build_in_parallel_reads_back_no_journey",
        "tests/test_engine.py::test_a_damaged_pack_means_its_journeys_are_checked_again",
        "tests/test_engine.py::test_a_large_root_holds_no_journey_it_has_read_back",
        "tests/test_import_limits.py::test_a_journey_that_would_be_over_the_limit_is_not_written",
        "tests/test_pdf_xml.py::test_hostile_text_is_either_read_into_the_same_tree_or_left_to_weasyprint",
        "tests/test_site.py::test_links_are_relative_and_every_target_exists",
        "tests/test_workflow.py::test_every_journeymap_step_succeeds",
    }
)
SLOW_MARKERS = ("browser", "poppler")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    top = Path(__file__).resolve().parent.parent
    for item in items:
        module = item.path.resolve().relative_to(top).as_posix()
        test = f"{module}::{item.name.partition('[')[0]}"
        slow = module in SLOW_MODULES or test in SLOW_TESTS
        if slow or any(item.get_closest_marker(m) for m in SLOW_MARKERS):
            item.add_marker(pytest.mark.slow)


def write_files(base: Path, files: dict[str, str | bytes]) -> Path:
    for relative, text in files.items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return base


@pytest.fixture
def write_root(tmp_path: Path) -> WriteRoot:
    """`write_root({"site.yaml": "...", "a.yaml": "..."})` -> the content root's path.

    Texts are dedented, so they can be written indented inside a test.
    """

    def write(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        target = root if root is not None else tmp_path / "journeys"
        target.mkdir(parents=True, exist_ok=True)
        return write_files(target, files)

    return write


@pytest.fixture(autouse=True)
def _pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2026-11-23: staleness and "today" do not drift with the calendar
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium through chromedriver, with a profile of its own (skips without them,
    fails on CI)."""
    driver_path = need("chromedriver")
    binary = need("chromium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="jm-chromium-")
    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_window_size(1600, 1000)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
