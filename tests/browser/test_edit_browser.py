"""`journeymap serve --edit` in headless Chromium, on a copy of the example journeys in a
Git repository of its own: each edit is made as a reader makes it (a click, a drag, the
keyboard), and `git diff` then shows exactly the lines it changed, and nothing else."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.browser.axe import violations
from tests.served import serving, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "journeys"
CART = "ecommerce/cart-abandonment"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


class Site:
    def __init__(self, repo: Path, url: str) -> None:
        self.repo, self.url = repo, url
        self.file = repo / "journeys" / f"{CART}.yaml"

    def diff(self) -> list[str]:
        """The changed lines of the journey, as `git diff` shows them."""
        lines = git(self.repo, "diff", "-U0", "--", f"journeys/{CART}.yaml").splitlines()
        return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]

    def reset(self) -> None:
        git(self.repo, "checkout", "--", ".")

    def sha(self) -> str:
        return hashlib.sha256(self.file.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(EXAMPLES, repo / "journeys")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "examples")
    with contextmanager(serving)(
        Path("journeys"), repo.parent / "serve.log", "--edit", cwd=repo
    ) as served:
        yield Site(repo, f"http://127.0.0.1:{served.port}/journeys/{CART}/")
        assert "Traceback" not in served.output()


@pytest.fixture
def page(site: Site, browser: Any) -> Iterator[Any]:
    """The cart journey's page, built from the file as committed."""
    site.reset()
    wait_for(lambda: base_of(browser, site) == site.sha())
    yield browser
    site.reset()


def base_of(driver: Any, site: Site) -> str:
    driver.get(site.url)
    return str(
        driver.find_element(By.CSS_SELECTOR, 'meta[name="journeymap-edit-base"]').get_attribute(
            "content"
        )
    )


def saved(driver: Any, site: Site, before: str) -> str:
    """Waits for the page to come back built from the new file, and says what it said."""
    wait_for(lambda: site.sha() != before, 20)
    return str(
        wait_for(
            lambda: (
                driver.find_element(
                    By.CSS_SELECTOR, 'meta[name="journeymap-edit-base"]'
                ).get_attribute("content")
                == site.sha()
                and driver.find_element(By.ID, "jm-edit-status").text
            )
        )
    )


def key(driver: Any, name: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, f'[data-jm-key="{name}"]')


def dialog(driver: Any) -> Any:
    return wait_for(lambda: driver.find_element(By.CSS_SELECTOR, "dialog[open]"))


def test_edit_a_cell_with_a_click(page: Any, site: Site) -> None:
    before = site.sha()
    cell = key(page, "cell:doing:sees-a-shopping-ad").find_element(By.XPATH, "..")
    ActionChains(page).move_to_element_with_offset(cell, 0, -5).click().perform()
    area = dialog(page).find_element(By.TAG_NAME, "textarea")
    assert area.get_attribute("value") == (
        "Searches the toner model on her phone and taps an Acme shopping ad."
    )
    area.clear()
    area.send_keys("Searches the toner and taps **an ad**.")
    page.find_element(By.CSS_SELECTOR, "dialog[open] form button[type=submit]").click()
    assert saved(page, site, before).startswith("Saved: Doing of")
    assert site.diff() == [
        "-        doing: Searches the toner model on her phone and taps an Acme shopping ad.",
        "+        doing: Searches the toner and taps **an ad**.",
    ]
    # the focus comes back to the cell's button
    assert page.switch_to.active_element.get_attribute("data-jm-key") == (
        "cell:doing:sees-a-shopping-ad"
    )


def test_undo_the_last_edit(page: Any, site: Site) -> None:
    before = site.sha()
    key(page, "point:notices-the-toner-is-almost-empty:").send_keys(Keys.ARROW_UP, Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == ["-        emotion: -1", "+        emotion: 0"]
    edited = site.sha()
    key(page, "undo").send_keys(Keys.ENTER)
    assert saved(page, site, edited).startswith("Saved: undo")
    assert site.diff() == []


def test_edit_a_cell_with_the_keyboard_and_pick_an_owner(page: Any, site: Site) -> None:
    before = site.sha()
    key(page, "cell:owner:notices-the-toner-is-almost-empty").send_keys(Keys.ENTER)
    Select(dialog(page).find_element(By.TAG_NAME, "select")).select_by_value("logistics")
    page.switch_to.active_element.send_keys(Keys.TAB)  # to Save
    assert page.switch_to.active_element.text == "Save"
    page.switch_to.active_element.send_keys(Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == [
        "+        owner: logistics",
    ]


def test_edit_a_list_one_item_a_line(page: Any, site: Site) -> None:
    before = site.sha()
    key(page, "cell:pains:reads-the-product-page").send_keys(Keys.ENTER)
    area = dialog(page).find_element(By.TAG_NAME, "textarea")
    assert area.get_attribute("value") == "Delivery time shown only for Milan"
    area.send_keys(Keys.END, Keys.ENTER, "Stock: not shown")
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == [
        "-        pains: [Delivery time shown only for Milan]",
        '+        pains: [Delivery time shown only for Milan, "Stock: not shown"]',
    ]


def test_drag_a_point_with_the_mouse(page: Any, site: Site) -> None:
    before = site.sha()
    point = key(page, "point:sees-a-shopping-ad:")
    assert point.get_attribute("aria-valuenow") == "0"
    layer = page.find_element(By.CSS_SELECTOR, ".jm-edit-points")
    per_unit = layer.size["height"] * (62 / 96) / 4  # the scale -2..2 over 62 of 96 units
    ActionChains(page).click_and_hold(point).move_by_offset(0, -2 * per_unit).release().perform()
    assert saved(page, site, before).startswith("Saved: emotion")
    assert site.diff() == ["-        emotion: 0", "+        emotion: 2"]


def test_move_a_point_with_the_keyboard(page: Any, site: Site) -> None:
    before = site.sha()
    point = key(page, "point:notices-the-toner-is-almost-empty:")
    point.send_keys(Keys.ARROW_DOWN)
    assert point.get_attribute("aria-valuenow") == "-2"
    point.send_keys(Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == ["-        emotion: -1", "+        emotion: -2"]
    assert page.switch_to.active_element.get_attribute("data-jm-key") == (
        "point:notices-the-toner-is-almost-empty:"
    )


def step_dialog(driver: Any, step: str) -> Any:
    key(driver, f"step:{step}").send_keys(Keys.ENTER)
    return dialog(driver)


def labelled(box: Any, label: str) -> Any:
    target = box.find_element(By.XPATH, f".//label[normalize-space()='{label}']")
    return box.find_element(By.ID, target.get_attribute("for"))


def test_add_a_step(page: Any, site: Site) -> None:
    before = site.sha()
    box = step_dialog(page, "sees-a-shopping-ad")
    labelled(box, "New step after this one").send_keys("Asks a colleague", Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == ["+      - title: Asks a colleague"]
    assert "Asks a colleague" in page.find_element(By.CSS_SELECTOR, ".jm-step-row").text


def test_move_a_step_to_another_stage(page: Any, site: Site) -> None:
    before = site.sha()
    box = step_dialog(page, "ignores-the-newsletter")
    Select(labelled(box, "Move this step")).select_by_visible_text(
        "After “Adds toner and paper to the cart”"
    )
    box.find_element(By.XPATH, ".//button[.='Move']").click()
    saved(page, site, before)
    moved = [
        "      - title: Ignores the newsletter",
        "        doing: Receives the weekly newsletter she never asked for and unsubscribes.",
        '        thinking: "I only made an account to buy toner."',
        "        feeling: annoyed",
        "        emotion: -1",
        "        touchpoint: Weekly newsletter",
        "        channel: email",
        "        owner: marketing",
        "        metrics: {open_rate: 11%, unsubscribe_rate: 1.8%}",
        "        pains: [Newsletter opt-in pre-ticked in the registration form]",
    ]
    assert site.diff() == [
        *["+" + line for line in moved],
        "-    steps:",
        *["-" + line for line in moved],
        "+    steps: []",
    ]


def test_remove_a_step(page: Any, site: Site) -> None:
    before = site.sha()
    box = step_dialog(page, "compares-prices-on-three-shops")
    box.find_element(By.XPATH, ".//button[.='Remove this step']").click()
    saved(page, site, before)
    removed = site.diff()
    assert removed[0] == "-      - title: Compares prices on three shops"
    assert len(removed) == 8 and all(line.startswith("-") for line in removed)


def test_rename_a_stage(page: Any, site: Site) -> None:
    before = site.sha()
    key(page, "stage:checkout").send_keys(Keys.ENTER)
    name = labelled(dialog(page), "Name")
    name.clear()
    name.send_keys("Payment", Keys.ENTER)
    saved(page, site, before)
    assert site.diff() == ["-  - name: Checkout", "+  - name: Payment"]
    assert "Payment" in page.find_element(By.CSS_SELECTOR, ".jm-stage-row").text


def test_an_invalid_edit_is_refused_and_nothing_written(page: Any, site: Site) -> None:
    before = site.file.read_bytes()
    key(page, "cell:thinking:sees-a-shopping-ad").send_keys(Keys.ENTER)
    area = dialog(page).find_element(By.TAG_NAME, "textarea")
    area.clear()
    area.send_keys("See ![the ad](missing.png)")
    page.find_element(By.CSS_SELECTOR, "dialog[open] form button[type=submit]").click()
    problems = wait_for(lambda: page.find_element(By.CSS_SELECTOR, ".jm-edit-problems").text)
    assert f"journeys/{CART}.yaml:32:" in problems and "missing.png" in problems
    # the status is written a moment after the problems, for screen readers to announce it
    wait_for(lambda: page.find_element(By.ID, "jm-edit-status").text.startswith("Not saved:"))
    assert site.file.read_bytes() == before
    assert site.diff() == []


def test_a_conflict_is_refused_and_the_page_reloads(page: Any, site: Site) -> None:
    # the page is kept from reloading on its own while the file changes under it
    page.execute_cdp_cmd("Network.enable", {})
    page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/__journeymap/events*"]})
    try:
        page.get(site.url)
        changed = site.file.read_bytes() + b"# a line added in another editor\n"
        site.file.write_bytes(changed)
        point = key(page, "point:notices-the-toner-is-almost-empty:")
        point.send_keys(Keys.ARROW_UP, Keys.ENTER)
        said = wait_for(
            lambda: (
                "Not saved" in (text := page.find_element(By.ID, "jm-edit-status").text) and text
            )
        )
        assert said.startswith("Not saved: the file changed on disk")
        assert site.file.read_bytes() == changed
        # and the page reloads, built from the file as it is now
        wait_for(lambda: base_of(page, site) == site.sha())
    finally:
        page.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_the_edit_mode_page_passes_axe(page: Any, site: Site) -> None:
    assert violations(page) == []
    key(page, "step:sees-a-shopping-ad").send_keys(Keys.ENTER)
    dialog(page)
    assert violations(page) == []


def test_drag_one_persona_point_where_two_share_a_value(page: Any, site: Site) -> None:
    b2b = site.repo / "journeys/b2b/first-purchase.yaml"
    before = b2b.read_bytes()
    page.get(site.url.replace(CART, "b2b/first-purchase"))
    marco = key(page, "point:visits-pricing-page:marco")
    giulia = key(page, "point:visits-pricing-page:giulia")
    assert giulia.location["x"] - marco.location["x"] >= 12  # both within reach of a mouse
    assert (
        giulia.get_attribute("aria-label")
        == "Emotion of Giulia Ferri at “Looks for the price on the website”"
    )
    layer = page.find_element(By.CSS_SELECTOR, ".jm-edit-points")
    per_unit = layer.size["height"] * (62 / 96) / 4
    ActionChains(page).click_and_hold(giulia).move_by_offset(0, -2 * per_unit).release().perform()
    wait_for(lambda: b2b.read_bytes() != before)
    diff = git(site.repo, "diff", "-U0", "--", "journeys/b2b/first-purchase.yaml").splitlines()
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-        emotion: {marco: -1, giulia: -1}",
        "+        emotion: {marco: -1, giulia: 1}",
    ]
