"""The reports in headless Chromium, offline: no console errors, every image loaded, headline visible.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (installed by ``.ci/run``); skipped otherwise.
Pages are opened via file:// and the browser's network log must show no request other than file: and data:.
"""

import json
from pathlib import Path

import pytest

from index071lib.build.runner import plan_build
from index071lib.data.edition import load_edition

from .browser_helpers import browser_session

pytestmark = [pytest.mark.integration, pytest.mark.browser]



@pytest.fixture(scope="module")
def browser():
    with browser_session(window="1200,1800", network_log=True) as driver:
        driver.get("about:blank")
        yield driver


def open_page(driver, path: Path):
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(path.as_uri())
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    requested = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    return severe, requested


@pytest.mark.parametrize("page", ["index.html", "basket-life_sciences_health.html", "overview.html"])
def test_report_offline_in_chromium(browser, built, page):
    severe, requested = open_page(browser, built / page)
    assert severe == []
    assert any(url.startswith("file:") for url in requested)
    external = [url for url in requested if url.split(":")[0] not in ("file", "data", "chrome", "about")]
    assert external == []
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight]);")
    assert all(done and w > 0 and h > 0 for done, w, h in images)
    # a basket page: its chart, one small chart per parameter of the basket, the contributions
    members = int((load_edition(2017).parameters["basket"] == "life_sciences_health").sum())
    assert len(images) == (0 if page == "index.html" else 2 + members if page.startswith("basket") else 2)
    headline = browser.find_element("id", "kop")
    assert headline.is_displayed() and "komt uit op" in headline.text
    shots = built.parent / "screenshots"  # kept next to the build for a human look
    shots.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(shots / page.replace(".html", ".png")))


def test_index_links_open_reports(browser, built):
    open_page(browser, built / "index.html")
    links = browser.find_elements("css selector", "ul a[href$='.html']")
    assert len(links) == len(plan_build(2017).runs)  # one link per report (12 for 2017)
    links[1].click()
    assert browser.current_url.endswith("basket-life_sciences_health.html")
    assert "Life Sciences & Health" in browser.find_element("id", "kop").text
