"""The archive's reading room in a real browser (the Debian Chromium, driven by Playwright), from file://
as from a USB stick: search with and without diacritics, the size toolbar and the downloads that follow
it, keyboard use, axe-core, phone and 400 % zoom widths."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT, in_ci, require_tools

pytestmark = pytest.mark.xdist_group("reading_room")
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def _require_browser() -> None:
    require_tools("chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        message = "playwright is not installed (scripts/setup.sh test installs it)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if not AXE.is_file():
        message = f"axe-core is not installed at {AXE} (scripts/setup.sh test installs it)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(".card:not([hidden]) h4", "nodes => nodes.map(n => n.textContent.trim())")


def _search(page, text: str) -> list[str]:
    page.fill("#q", text)
    page.wait_for_timeout(300)  # the search waits 120 ms after the last key
    return _visible_titles(page)


def test_search_finds_vietnamese_words_typed_with_or_without_diacritics(room, page):
    page.goto((room / "index.html").as_uri())
    everything = _visible_titles(page)
    assert len(everything) >= 6
    plain = _search(page, "dang vien")
    marked = _search(page, "đảng viên")
    assert plain == marked and plain
    assert any("Chi bộ thôn Nà Pài" in title for title in plain)
    assert len(plain) < len(everything)
    assert "Tìm thấy" in page.inner_text("#results-note")
    vaccination = _search(page, "tiem chung")
    assert vaccination and any("tiêm chủng" in title.lower() for title in vaccination), vaccination
    assert _search(page, "xyzzy khong co") == []
    assert "Không tìm thấy" in page.inner_text("#results-note")
    assert _search(page, "") == everything


def test_opensearch_query_in_the_address_is_searched(room, page):
    page.goto((room / "index.html").as_uri() + "?q=nong+thon+moi")
    page.wait_for_timeout(300)
    titles = _visible_titles(page)
    assert page.input_value("#q") == "nong thon moi"
    assert "Xã Cẩm Giàng về đích nông thôn mới nâng cao" in titles
    assert "Chi bộ thôn Nà Pài sinh hoạt chuyên đề về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" \
        not in titles


def test_filters_by_period_and_category(room, page):
    page.goto((room / "index.html").as_uri())
    everything = _visible_titles(page)
    page.select_option("#period", "2024-10")
    october = _visible_titles(page)
    assert october and len(october) < len(everything)
    assert page.eval_on_selector_all(".month:not([hidden]) h3", "n => n.map(x => x.textContent)") == ["Tháng 10/2024"]
    page.select_option("#period", "")
    categories = page.eval_on_selector_all("#category option", "n => n.map(x => x.value)")[1:]
    assert categories
    page.select_option("#category", categories[0])
    assert 0 < len(_visible_titles(page)) < len(everything)


def test_toolbar_changes_the_size_and_the_downloads_and_is_remembered(room, page):
    page.goto((room / "index.html").as_uri())
    normal_links = page.eval_on_selector_all(".downloads li:not([hidden]) a", "n => n.map(x => x.getAttribute('href'))")
    assert normal_links and not any(".x-large." in href for href in normal_links)
    size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("text=Tăng cỡ chữ")
    assert page.get_attribute("html", "data-size") == "large"
    page.click("text=Tăng cỡ chữ")
    assert page.get_attribute("html", "data-size") == "x-large"
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") > size * 1.4
    large_links = page.eval_on_selector_all(".downloads li:not([hidden]) a", "n => n.map(x => x.getAttribute('href'))")
    assert large_links and all(".x-large." in href for href in large_links if "/2024/" not in href[:5])
    assert {h.replace(".x-large", "") for h in large_links} == set(normal_links)
    # a bulletin page opens at the remembered size, with its x-large stylesheet and downloads
    page.click(".card.bulletin .read >> nth=0")
    page.wait_for_load_state()
    assert page.get_attribute("html", "data-size") == "x-large"
    assert page.get_attribute("#size-sheet", "href").endswith("size-x-large.css")
    page.wait_for_function("() => parseFloat(getComputedStyle(document.body).fontSize) >= 23")  # 18 pt
    body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    shown = page.eval_on_selector_all(".downloads li:not([hidden]) a", "n => n.map(x => x.getAttribute('href'))")
    assert shown and all(".x-large." in href for href in shown)
    page.click("text=Giảm cỡ chữ")
    page.click("text=Giảm cỡ chữ")
    page.click("text=Giảm cỡ chữ")
    assert page.get_attribute("html", "data-size") == "small"
    page.wait_for_function(f"() => parseFloat(getComputedStyle(document.body).fontSize) < {body / 1.5}")
    # small was not built: the downloads are those of the nearest size that was (normal)
    shown = page.eval_on_selector_all(".downloads li:not([hidden]) a", "n => n.map(x => x.getAttribute('href'))")
    assert shown and not any(".x-large." in href for href in shown)
    page.click("text=Giảm cỡ chữ", force=True)  # at the end: nothing happens, the button says so
    assert page.get_attribute("html", "data-size") == "small"
    assert page.get_attribute("button[data-step='-1']", "aria-disabled") == "true"


def test_keyboard_alone_reaches_every_control(room, page):
    page.goto((room / "index.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#content"
    page.goto((room / "index.html").as_uri())
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => { const e = document.activeElement;"
                                  " return e.id || e.className || e.getAttribute('data-step') || e.tagName; }"))
    assert {"skip", "-1", "1", "q", "period", "category", "read"} <= reached, reached
    page.focus("#q")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("name", ["index.html", "page"])
def test_axe_finds_no_violation(room, page, name):
    target = room / "index.html" if name == "index.html" else next(room.glob("2024/10/*.html"))
    page.goto(target.as_uri())
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    assert result == [], json.dumps(result, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(("width", "height", "label"), [(390, 844, "phone"), (1280, 900, "desktop"),
                                                       (320, 640, "zoom400")])
def test_fits_a_phone_and_400_percent_zoom_without_sideways_scrolling(room, browser, width, height, label, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for target in (room / "index.html", next(room.glob("2024/10/*.html"))):
        page.goto(target.as_uri())
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, (label, target.name, overflow)
        shot = tmp_path / f"{label}-{target.stem}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 5000
    context.close()


def test_failed_sources_are_listed_with_their_reason(room, page):
    page.goto((room / "index.html").as_uri())
    failed = page.inner_text(".failed")
    assert "Không tạo được" in failed and "hong.txt" in failed
