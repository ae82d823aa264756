"""The opportunities and research pages in headless Chromium, from file://: the filters
and the address that keeps them, the matrix, and axe-core's WCAG 2.2 A/AA checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import violations

pytestmark = pytest.mark.browser


def shown(driver) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#jm-opps tbody tr")
    return [r.get_attribute("data-status") for r in rows if r.is_displayed()]


def test_a_status_filter_narrows_the_rows_and_the_address_keeps_it(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((site / "opportunities/index.html").as_uri())
    assert shown(browser) == ["done", "planned", "in-progress", "dropped", "idea"]
    assert browser.find_element(By.ID, "jm-opp-filters").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "svg.jm-matrix-svg").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg .jm-matrix-point")) == 5

    Select(browser.find_element(By.NAME, "status")).select_by_value("done")
    assert shown(browser) == ["done"]
    assert browser.current_url.endswith("opportunities/index.html#status=done")

    browser.refresh()
    assert shown(browser) == ["done"]
    assert Select(browser.find_element(By.NAME, "status")).first_selected_option.text == "Done"

    Select(browser.find_element(By.NAME, "tag")).select_by_value("mobile")
    assert browser.current_url.endswith("#status=done&tag=mobile")
    Select(browser.find_element(By.NAME, "status")).select_by_value("idea")
    assert shown(browser) == []
    assert browser.find_element(By.ID, "jm-opp-empty").is_displayed()

    # a shared address opens on its filters
    browser.get((site / "opportunities/index.html").as_uri() + "#owner=marketing")
    assert shown(browser) == ["planned"]
    Select(browser.find_element(By.NAME, "owner")).select_by_value("")
    assert len(shown(browser)) == 5
    assert "#" not in browser.current_url


def test_a_journey_s_card_opens_the_list_narrowed_to_that_journey(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((site / "index.html").as_uri())
    card = browser.find_element(
        By.CSS_SELECTOR, ".jm-card-opps a[href*='journey=b2b/first-purchase']"
    )
    card.click()
    assert (
        Select(browser.find_element(By.NAME, "journey")).first_selected_option.get_attribute(
            "value"
        )
        == "b2b/first-purchase"
    )
    narrowed = shown(browser)
    assert 0 < len(narrowed) < 5
    # a choice made on the page goes to the hash, and the card's query no longer counts
    Select(browser.find_element(By.NAME, "journey")).select_by_value("")
    assert len(shown(browser)) == 5
    assert "?" not in browser.current_url and "#" not in browser.current_url


@pytest.mark.parametrize(
    "page",
    [
        "opportunities/index.html",
        "opportunities/pricing/transparent-price-list/index.html",
        "research/index.html",
        "research/interviews/it-managers-2026/index.html",
    ],
)
def test_the_pages_break_no_wcag_22_rule(browser, site: Path, page: str) -> None:  # type: ignore[no-untyped-def]
    browser.get((site / page).as_uri())
    assert violations(browser) == []


def test_the_check_finds_what_breaks_a_rule(browser) -> None:  # type: ignore[no-untyped-def]
    browser.get("data:text/html,<html lang=en><title>t</title><img src='x.png'></html>")
    assert [line.split(" ")[0] for line in violations(browser)] == ["image-alt"]
