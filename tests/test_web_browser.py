"""The search page in a real browser: Debian's Chromium driven by selenium.

Skipped with a reason where no browser is installed (`.ci/run` installs
chromium and chromium-driver on CI)."""
from __future__ import annotations

import os
import shutil
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from searcher import Index
from searcher.web import make_server
from test_web import RECORDS, write_records

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = os.environ.get("SEARCHER_CHROMIUM") or _find("chromium", "chromium-browser")
CHROMEDRIVER = os.environ.get("SEARCHER_CHROMEDRIVER") or _find("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no Chromium browser and driver here (apt-get install chromium chromium-driver; .ci/run does this on CI)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    # enough releases for two pages of results
    extra = [
        dict(id=f"extra-{i}", issuer="Polizei Sachsen", date=f"2022-{i + 1:02d}-15",
             title=f"Integration vor Ort, Teil {i}", body=f"Integration im Landkreis, Bericht {i}.")
        for i in range(10)
    ]
    with Index(folder / "ix") as ix:
        ix.sync(write_records(folder / "releases.jsonl", RECORDS + extra))
    ix = Index(folder / "ix")
    server = make_server(ix, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    ix.close()


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1000", "--lang=de"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def wait(driver, condition, timeout=20):
    """Wait for the condition; an element read from the page the browser is just
    leaving (stale) means "not yet", not a failure."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def no_alert(driver) -> bool:
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def total(driver) -> str:
    return driver.find_element(By.ID, "total").text


def test_type_a_query_click_a_facet_open_a_release_and_page(site, browser):
    browser.get(site + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Fachkräfte", Keys.ENTER)
    wait(browser, lambda d: "q=Fachkr" in d.current_url and "Fachkräfte" in total(d) or "2 Pressemitteilungen" in total(d))
    assert total(browser).startswith("2 Pressemitteilungen")
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "ol.hits mark")]
    assert "Fachkräfte" in marks and "Fachkräftesicherung" in marks

    # click the issuer facet: the result narrows and the URL says so
    browser.find_element(By.XPATH, "//aside//a[.//span[text()='Zentrum für Fachkräftesicherung']]").click()
    wait(browser, lambda d: "issuer=" in d.current_url)
    assert parse_qs(urlsplit(browser.current_url).query)["issuer"] == ["Zentrum für Fachkräftesicherung"]
    assert total(browser).startswith("1 Pressemitteilung")

    # open the release: the title with <script> in it is text, not code
    link = browser.find_element(By.CSS_SELECTOR, "ol.hits h2 a")
    assert link.text == "<script>alert('title')</script> Fachkräfte gesucht"
    link.click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.release")))
    assert no_alert(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == "<script>alert('title')</script> Fachkräfte gesucht"
    body_marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".body mark")]
    assert body_marks == ["Fachkräftesicherung", "Fachkräfte"]
    assert "<img src=x onerror=alert(2)>" in browser.find_element(By.CSS_SELECTOR, ".body").text

    # the back button returns to the narrowed search
    browser.back()
    wait(browser, lambda d: "issuer=" in d.current_url and d.find_elements(By.ID, "total"))
    assert total(browser).startswith("1 Pressemitteilung")


def test_paging_through_results(site, browser):
    browser.get(site + "/?q=Integration&sort=oldest")
    assert total(browser).startswith("13 Pressemitteilungen, 1–10 angezeigt")
    first_page = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.hits h2 a")]
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait(browser, lambda d: "page=2" in d.current_url)
    assert total(browser).startswith("13 Pressemitteilungen, 11–13 angezeigt")
    second_page = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.hits h2 a")]
    assert len(second_page) == 3 and not set(first_page) & set(second_page)
    browser.find_element(By.CSS_SELECTOR, "a[rel=prev]").click()
    wait(browser, lambda d: "page=" not in d.current_url)
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.hits h2 a")] == first_page


def test_a_script_in_the_query_stays_text(site, browser):
    browser.get(site + "/")
    browser.find_element(By.ID, "q").send_keys("<script>alert(1)</script>", Keys.ENTER)
    wait(browser, lambda d: "q=%3Cscript" in d.current_url)
    assert no_alert(browser)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "<script>alert(1)</script>"
    assert browser.execute_script("return document.scripts.length") == 1


def test_search_as_you_type_updates_results_and_url(site, browser):
    browser.get(site + "/")
    browser.find_element(By.ID, "q").send_keys("Pflege")
    wait(browser, lambda d: "q=Pflege" in d.current_url and total(d).startswith("1 Pressemitteilung"))
    assert browser.find_element(By.CSS_SELECTOR, "ol.hits mark").text == "Pflege"


def test_timeline_bar_narrows_the_date_range(site, browser):
    browser.get(site + "/?q=Integration")
    bars = browser.find_elements(By.CSS_SELECTOR, "figure.timeline svg a")
    assert bars
    target = next(b for b in bars if "2024-06" in b.get_dom_attribute("href"))
    target.click()
    wait(browser, lambda d: "from=" in d.current_url)
    assert parse_qs(urlsplit(browser.current_url).query)["from"] == ["2024-06"]
    assert total(browser).startswith("2 Pressemitteilungen")
