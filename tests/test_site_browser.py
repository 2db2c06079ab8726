"""The built website as a reader meets it, checked in a real browser (headless Chromium).

Every page of the site is opened from a local HTTP server on 127.0.0.1: it must render with
no console error, load every image, need nothing from outside 127.0.0.1 (the site works
offline), and link only to pages that exist; each page is photographed into the screenshot
folder, with the list of pages checked (`pages.txt`). Search must find a chapter by a word in
it, notebook pages must offer launch and download buttons, and chapter 7's sampling explorer
must redraw its bars as the softmax formula says when the reader moves a slider.

Set-up: Debian's `chromium` package and Playwright for Python (`pip install playwright`;
never `playwright install`, Debian's browser is used). Environment variables:
- PIXELS_TO_GPT_SITE: the built site (default `_build/html`, built by `make book` or by
  tests/test_book.py, which runs first),
- PIXELS_TO_GPT_SCREENSHOTS: where screenshots go (default `_build/screenshots`),
- PIXELS_TO_GPT_CHROMIUM: the browser (default `/usr/bin/chromium`).
Under CI (CI=true) a missing browser or site fails these tests; elsewhere they are skipped
with the reason.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import math
import os
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from course_tree import REPO, build_book

pytestmark = pytest.mark.slow

SITE = Path(os.environ.get("PIXELS_TO_GPT_SITE", REPO / "_build" / "html"))
SCREENSHOTS = Path(os.environ.get("PIXELS_TO_GPT_SCREENSHOTS", REPO / "_build" / "screenshots"))
CHROMIUM = Path(os.environ.get("PIXELS_TO_GPT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHAPTER_7 = "book/ch07_sampling.html"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    """Fail under CI, where the browser tests must run; skip, saying why, elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


# ---- the site, served locally --------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Path:
    if SITE == REPO / "_build" / "html" and build_book()[0] != 0:
        _unavailable("the book build failed (see test_book)")
    if not (SITE / "index.html").is_file():
        _unavailable(f"no built site at {SITE}: run `make book` (or set PIXELS_TO_GPT_SITE)")
    return SITE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def server(site):
    """The site on http://127.0.0.1:<free port>/, served by a thread of this process."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@contextlib.contextmanager
def chromium():
    """Headless Chromium through Playwright (the browser tests' and the live model's)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed: pip install playwright")
    if not CHROMIUM.is_file():
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


# The translations (_build/html/<code>/) share the English pages' scripts, styles and
# pictures, and their builds check every link (-n -W): the browser visits, in each, the pages
# whose text or widgets differ most (a chapter with both widgets, one with the live model,
# the glossary, an exercise, the start page); every link of every translated page is
# checked without a browser (test_every_link_of_every_translated_page_resolves).
LANGUAGE_SAMPLE = ("book/intro.html", CHAPTER_7, "book/ch08_kv_cache.html",
                   "book/glossary.html", "exercises/ch07_sampling/sampling.html")


def _language_codes() -> list[str]:
    from pixels_to_gpt.translations import LANGUAGES, web_code

    return [web_code(language) for language in LANGUAGES]


def _html_pages(site: Path) -> list[str]:
    """Every HTML page under `site`, as paths relative to it (not the redirects left at the
    old addresses of renamed pages: test_old_addresses_lead_to_the_renamed_pages)."""
    skip = {"_static", "_sources", "_images"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip & set(p.relative_to(site).parts)
        and 'http-equiv="refresh"' not in p.read_text(errors="ignore")[:2000]
    )


def _pages(site: Path) -> list[str]:
    """Every page of the English site, and LANGUAGE_SAMPLE in each translation."""
    codes = _language_codes()
    english = [p for p in _html_pages(site) if p.split("/", 1)[0] not in codes]
    return english + [f"{code}/{page}" for code in codes for page in LANGUAGE_SAMPLE
                      if (site / code / page).is_file()]


# ---- one visit of every page, shared by the checks below ------------------------------------


@dataclass
class Visit:
    page: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    n_images: int = 0
    checks: dict[str, list[str]] = field(default_factory=dict)  # what _PAGE_CHECKS found


_IMAGES_LOADED = """async () => {
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  return images.map(img => [img.getAttribute("src"), img.complete && img.naturalWidth > 0]);
}"""


# What the reader sees, measured in the page: each check returns its findings (empty: fine).
_PAGE_CHECKS = """(phone) => {
  const visible = el => {
    if (!el.getClientRects().length) return false;
    for (let n = el; n; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.visibility === "hidden" || s.display === "none" || +s.opacity === 0) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;  // screen-reader-only text is clipped to 1 px
  };
  const where = el => {
    const section = el.closest("section[id]");
    return (section ? "#" + section.id + " " : "") + el.tagName.toLowerCase()
      + (el.className && typeof el.className === "string" ? "." + el.className.trim()
        .split(/\\s+/).slice(0, 2).join(".") : "");
  };
  const snippet = text => JSON.stringify(text.replace(/\\s+/g, " ").trim().slice(0, 60));

  // ---- contrast (WCAG 2): text colour over the backgrounds it is painted on
  const rgba = c => {
    const m = /rgba?\\(([^)]*)\\)/.exec(c);
    if (!m) return null;
    const v = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3]))
    .concat([1]);
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const backdrop = el => {  // null where an image lies behind (not measurable)
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.backgroundImage !== "none" && !s.backgroundImage.startsWith("linear-gradient"))
        return null;
      const c = rgba(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];  // the canvas
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const lowContrast = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest("script, style, noscript, svg, mjx-assistive-mml, dialog:not([open])")
        || !visible(el)) continue;
    const s = getComputedStyle(el);
    const below = backdrop(el);
    let fg = rgba(s.color);
    if (!below || !fg) continue;
    let opacity = 1;
    for (let n = el; n; n = n.parentElement) opacity *= +getComputedStyle(n).opacity;
    fg = over([fg[0], fg[1], fg[2], fg[3] * opacity], below);
    const [a, b] = [luminance(fg), luminance(below)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) lowContrast.push(`${where(el)} ${snippet(node.textContent)}: `
      + `${ratio.toFixed(2)}:1 (${s.color} on rgb(${below.slice(0, 3).map(Math.round)}))`);
  }
  const found = { low_contrast: lowContrast };
  const main = document.querySelector("main") || document.body;

  if (phone) {
    // ---- nothing wider than the screen (the reader would have to scroll the page sideways)
    const width = document.documentElement.clientWidth;
    const tooWide = [];
    if (document.documentElement.scrollWidth > width + 1)
      tooWide.push(`the page is ${document.documentElement.scrollWidth} px wide on a `
        + `${width} px screen`);
    for (const el of main.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || !visible(el)) continue;
      let clipped = false;  // inside a box that scrolls or clips on its own
      for (let n = el.parentElement; n && n !== main; n = n.parentElement) {
        if (getComputedStyle(n).overflowX !== "visible") { clipped = true; break; }
      }
      if (!clipped && ![...el.children].some(c => c.getBoundingClientRect().right > width + 1))
        tooWide.push(`${where(el)} ${snippet(el.textContent)} reaches ${Math.round(r.right)} px`);
    }
    // ---- tables and figures that the reader would scroll inside
    for (const el of main.querySelectorAll("table, .pst-scrollable-table-container"))
      if (visible(el) && el.scrollWidth > el.clientWidth + 1 && el.tagName !== "TABLE")
        tooWide.push(`${where(el)} ${snippet(el.textContent)} scrolls sideways `
          + `(${el.scrollWidth} px in ${el.clientWidth} px)`);
    // what cells print wraps to the screen (code may scroll, its lines are short)
    for (const pre of main.querySelectorAll(".cell_output pre"))
      if (visible(pre) && pre.scrollWidth > pre.clientWidth + 1)
        tooWide.push(`${where(pre)} output ${snippet(pre.textContent)} scrolls sideways`);
    found.too_wide = tooWide.slice(0, 12);
    // wide figures (several panels, drawn over 800 px wide) keep a readable size
    found.shrunk_figures = [...main.querySelectorAll(".cell_output img")]
      .filter(img => img.naturalWidth >= 800 && img.getBoundingClientRect().width < 600)
      .map(img => `${where(img)} ${img.getAttribute("alt")?.slice(0, 50)}: drawn `
        + `${img.naturalWidth} px wide, shown ${Math.round(img.getBoundingClientRect().width)} px`);
    return found;
  }

  // ---- code that scrolls sideways
  found.wide_code = [...main.querySelectorAll("pre")]
    .filter(pre => visible(pre) && pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => `${where(pre)} ${snippet(pre.textContent.split("\\n")
      .reduce((a, b) => b.length > a.length ? b : a, ""))} (${pre.scrollWidth} px in `
      + `${pre.clientWidth} px)`);
  // ---- images: alt text in words, not a file name
  found.bad_alt = [...main.querySelectorAll("img")].map(img => img.getAttribute("alt") || "")
    .filter(alt => (alt.match(/[A-Za-z]{2,}/g) || []).length < 2
      || /\\.(png|svg|jpe?g|gif)$|[\\/\\\\]/.test(alt.trim()))
    .map(alt => `an image's alt text is ${JSON.stringify(alt)}`);
  // ---- one box per stream: a cell's prints must not land in several boxes
  found.split_outputs = [...main.querySelectorAll(".cell_output")]
    .filter(out => [...out.children].some((c, i, all) => i > 0
      && c.matches(".output.stream") && all[i - 1].matches(".output.stream")))
    .map(out => `${where(out.closest(".cell"))}: output split into `
      + `${out.querySelectorAll(":scope > .output.stream").length} boxes, `
      + snippet(out.textContent));
  // ---- raw TeX or escapes in the text a reader sees (not in code, not in typeset formulas)
  const raw = [];
  const tex = /\\\\(?:[a-zA-Z]{2,}|[_{}$%#&])|(?:^|[^\\w$])\\$(?![\\d\\s])|\\\\n[A-Z]/;
  const textWalker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = textWalker.nextNode(); node; node = textWalker.nextNode()) {
    const el = node.parentElement;
    // (what cells print is left out: a repr's escapes are what Python shows)
    if (!el || el.closest("pre, code, kbd, script, style, mjx-container, .math, svg, "
        + ".cell_output")) continue;
    if (tex.test(node.textContent) && visible(el))
      raw.push(`${where(el)} ${snippet(node.textContent)}`);
  }
  // inside typeset formulas: text that MathJax set as text (\\text{...}) but left a TeX
  // escape in, such as block\\_size
  for (const el of main.querySelectorAll("mjx-assistive-mml mtext, mjx-merror"))
    if (/\\\\/.test(el.textContent) || el.matches("mjx-merror"))
      raw.push(`${where(el.closest("mjx-container"))} formula text ${snippet(el.textContent)}`);
  found.raw_tex = raw;
  // ---- a favicon, and no empty bar across the top
  found.page_frame = [];
  if (!document.querySelector("link[rel~='icon']")) found.page_frame.push("no favicon");
  const bar = document.querySelector("#pst-header");
  if (bar && visible(bar) && !bar.innerText.trim())
    found.page_frame.push(`an empty bar ${Math.round(bar.getBoundingClientRect().height)} px `
      + "high across the top");
  return found;
}"""

# Text drawn inside the SVG figures: matplotlib writes each text as a comment beside its
# glyphs (<!-- title -->), so a raw escape in a plot title shows up there.
_FIGURE_TEXTS = """async () => {
  const found = [];
  for (const img of document.querySelectorAll("main img[src$='.svg']")) {
    const svg = await (await fetch(img.src)).text();
    for (const m of svg.matchAll(/<!--([\\s\\S]*?)-->/g))
      if (/\\\\n|'\\\\/.test(m[1]))
        found.push(`${img.getAttribute("src")}: ${JSON.stringify(m[1].trim().slice(0, 60))}`);
  }
  return found;
}"""


def _visit(context, base: str, page_path: str, phone: bool = False) -> Visit:
    visit = Visit(page_path)
    page = context.new_page()

    def route(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # the site must work offline: nothing may come from elsewhere
            visit.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(
        f"{msg.text} ({msg.location.get('url', '')})"))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    # a request the browser cancels itself (ERR_ABORTED: a <picture> trading its phone
    # source for the desktop one while the page lays out) is no broken file; a missing one
    # answers 404, which the console reports
    page.on("requestfailed", lambda request: urlsplit(request.url).hostname == "127.0.0.1"
            and request.failure != "net::ERR_ABORTED"
            and visit.failed_requests.append(f"{request.url} ({request.failure})"))
    response = page.goto(base + page_path, wait_until="load")
    assert response is not None and response.status == 200, f"{page_path} did not load"
    page.wait_for_load_state("networkidle")
    images = page.evaluate(_IMAGES_LOADED)
    visit.checks = page.evaluate(_PAGE_CHECKS, phone)
    if phone:  # the phone visit measures; links and pictures come from the desktop visit
        page.close()
        return visit
    visit.checks["raw_tex"] += page.evaluate(_FIGURE_TEXTS)
    icon = page.locator("link[rel~='icon']")
    if icon.count():
        with urllib.request.urlopen(icon.first.evaluate("l => l.href"), timeout=30) as reply:
            if reply.status != 200 or not reply.read():
                visit.checks["page_frame"].append("the favicon does not load")
    visit.n_images = len(images)
    visit.broken_images = [src for src, ok in images if not ok]
    visit.links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    shot = SCREENSHOTS / (page_path.replace("/", "__").removesuffix(".html") + ".png")
    page.screenshot(path=str(shot), full_page=True)
    page.close()
    return visit


@pytest.fixture(scope="module")
def visits(site, server, browser) -> dict[str, Visit]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme="light")
    result = {page: _visit(context, server, page) for page in _pages(site)}
    context.close()
    (SCREENSHOTS / "pages.txt").write_text(
        "".join(f"{v.page}\t{v.n_images} images\t{len(v.links)} links\n" for v in result.values())
    )
    return result


@pytest.fixture(scope="module")
def phone_visits(site, server, browser) -> dict[str, Visit]:
    """Every page once more, on a phone in dark mode (measured only: no screenshots)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    result = {page: _visit(context, server, page, phone=True) for page in _pages(site)}
    context.close()
    return result


def _problems(visits: dict[str, Visit], attribute: str) -> list[str]:
    return [f"{v.page}: {item}" for v in visits.values() for item in getattr(v, attribute)]


def _found(visits: dict[str, Visit], check: str) -> list[str]:
    return [f"{v.page}: {item}" for v in visits.values() for item in v.checks.get(check, [])]


def test_every_page_of_the_table_of_contents_is_checked(visits, site):
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    if SITE == REPO / "_build" / "html":  # a site built from another table of contents is fine
        missing = [f for f in files if f"{f}.html" not in visits]
        assert not missing, f"pages of _toc.yml missing from the site: {missing}"
    assert "index.html" in visits and CHAPTER_7 in visits
    for code in _language_codes():
        assert all(f"{code}/{page}" in visits for page in LANGUAGE_SAMPLE), f"{code} unvisited"
    assert all(Path(SCREENSHOTS / (p.replace("/", "__")[:-5] + ".png")).is_file() for p in visits)


def test_pages_render_without_console_errors(visits):
    errors = _problems(visits, "console_errors") + _problems(visits, "failed_requests")
    assert not errors, "errors in the browser's console:\n" + "\n".join(errors)


def test_site_works_offline(visits):
    outside = _problems(visits, "outside_requests")
    assert not outside, (
        "pages load files from outside the site (a CDN?); the site must work offline:\n"
        + "\n".join(outside)
    )


def test_every_image_loads(visits):
    broken = _problems(visits, "broken_images")
    assert not broken, "images that did not load:\n" + "\n".join(broken)
    assert visits["index.html"].n_images >= 1, "the course map is missing from the introduction"
    assert visits[CHAPTER_7].n_images >= 5, "chapter 7's figures are missing"


def test_no_code_block_scrolls_sideways_on_a_desktop(visits):
    wide = _found(visits, "wide_code")
    assert not wide, (
        "code blocks wider than the page at 1366 px (wrap the lines at 88 characters):\n"
        + "\n".join(wide))


def test_no_page_is_wider_than_a_phone(phone_visits):
    wide = _found(phone_visits, "too_wide")
    assert not wide, "at 390 px, things the reader must scroll sideways to read:\n" + "\n".join(
        wide)


def test_wide_figures_stay_readable_on_a_phone(phone_visits):
    shrunk = _found(phone_visits, "shrunk_figures")
    assert not shrunk, "wide figures shrunk to an unreadable size at 390 px:\n" + "\n".join(
        shrunk)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_contrast_is_at_least_4_5_to_1(theme, visits, phone_visits):
    low = _found(visits if theme == "light" else phone_visits, "low_contrast")
    assert not low, f"text below 4.5:1 contrast in {theme} mode:\n" + "\n".join(low[:40])


@pytest.mark.parametrize(("check", "heading"), [
    pytest.param("bad_alt", "images without alt text in words:\n",
                 id="every_image_has_alt_text_in_words"),
    pytest.param("split_outputs", "", id="no_cell_output_is_split_into_several_boxes"),
    pytest.param("raw_tex", "raw TeX or escapes a reader sees:\n",
                 id="no_raw_tex_or_escape_shows_in_the_text_or_the_figures"),
    pytest.param("page_frame", "", id="pages_have_a_favicon_and_no_empty_top_bar"),
])
def test_the_desktop_pages_pass(check, heading, visits):
    problems = _found(visits, check)
    assert not problems, heading + "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1366])
def test_sidebar_toggles_open_the_sidebars(browser, server, width):
    """Each visible menu button shows what it stands for: the chapter list, the page's contents."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server + CHAPTER_7, wait_until="load")
    page.wait_for_load_state("networkidle")
    problems = []
    for kind, links in (("primary", "nav.bd-docs-nav a"), ("secondary", "nav.page-toc a")):
        sidebar, dialog = f"#pst-{kind}-sidebar", f"#pst-{kind}-sidebar-modal"
        toggle = page.locator(f".bd-header-article .{kind}-toggle")
        shown = page.locator(f"{sidebar} {links}, {dialog}[open] {links}")
        if not toggle.first.is_visible():
            if not shown.first.is_visible():
                problems.append(f"{kind}: no visible toggle, and the sidebar is not shown")
            continue
        was_shown = shown.first.is_visible()
        toggle.first.click()
        page.wait_for_timeout(500)
        if was_shown:  # a wide screen: the toggle hides the sidebar, and brings it back
            if shown.first.is_visible():
                problems.append(f"{kind}: the toggle did not hide the sidebar")
            toggle.first.click()
            page.wait_for_timeout(500)
            if not shown.first.is_visible():
                problems.append(f"{kind}: a second click did not bring the sidebar back")
        else:
            if not shown.first.is_visible():
                problems.append(f"{kind}: clicking the toggle did not open the sidebar")
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
    if width < 992:
        for kind in ("primary", "secondary"):
            if not page.locator(f".bd-header-article .{kind}-toggle").first.is_visible():
                problems.append(f"{kind}: no toggle on a narrow screen")
    context.close()
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_every_internal_link_resolves(visits, server):
    targets: dict[str, set[str]] = {}  # page URL -> the fragments links ask for
    for visit in visits.values():
        for link in visit.links:
            url, fragment = urldefrag(link)
            if url.startswith(server):
                targets.setdefault(url, set()).add(unquote(fragment))
    assert len(targets) > len(visits), "the pages should link to each other"
    broken = []
    for url, fragments in sorted(targets.items()):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                status, body = response.status, response.read().decode(errors="ignore")
        except urllib.error.HTTPError as error:
            status, body = error.code, ""
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if url.endswith(".html") or url.endswith("/"):
            ids = _ids(body)
            broken += [f"{url}#{f}: no anchor" for f in sorted(fragments) if f and f not in ids]
    assert not broken, "internal links that do not resolve:\n" + "\n".join(broken)


# ---- search, buttons and the explorer ------------------------------------------------------


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_()
               if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    yield page
    context.close()


# TeX as it would show raw: \( \[ and common commands (not a "\n" in code)
TEX_OR_BUTTONS = (r"\\[()\[\]]|\\(?:frac|sum|log|exp|mathrm|text|times|cdot|sqrt|theta|delta"
                  r"|partial|alpha|eta|odot|dots|approx|leftarrow|top)\b"
                  r"|Show code cell|Hide code cell")


def test_old_addresses_lead_to_the_renamed_pages(page, server):
    """A bookmark of chapter 7 or 8 from before their rename (section included) opens the
    chapter at its new address, at that section."""
    from pixels_to_gpt.site_extension import MOVED_PAGES

    for old, new in MOVED_PAGES.items():
        page.goto(f"{server}{old}.html", wait_until="load")
        page.wait_for_url(f"{server}{new}.html", timeout=20_000)
        section = page.locator("main section[id]").nth(1).get_attribute("id")
        page.goto(f"{server}{old}.html#{section}", wait_until="load")
        page.wait_for_url(f"{server}{new}.html#{section}", timeout=20_000)
        page.wait_for_load_state("load")
        assert page.locator(f'[id="{section}"]').count() == 1


def test_search_finds_a_chapter_by_a_word_in_it(page, server):
    """Search finds chapter 7 by "temperature", and its snippets read as text: no TeX source
    of formulas, no button labels."""
    page.goto(server + "search.html?q=temperature", wait_until="load")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(CHAPTER_7 in h for h in hrefs), f"search found only {hrefs}"
    page.wait_for_function(  # the snippets are cut from each page, fetched one by one
        "() => /found/.test(document.querySelector('p.search-summary')?.innerText || '')",
        timeout=30_000)
    snippets = page.locator("#search-results ul.search li p.context").all_text_contents()
    raw = [text for text in snippets
           if re.search(TEX_OR_BUTTONS, text)]
    assert not raw, "search snippets show TeX or button text:\n" + "\n".join(raw)


# ---- the languages ---------------------------------------------------------------------------

# a word of chapter 7 in each translation (the term table of book/locales/README.md)
TEMPERATURE = {"hu": "hőmérséklet", "zh-CN": "温度", "zh-TW": "溫度"}


def _root(code: str) -> str:
    """Where a language's site begins, relative to the English one."""
    return "" if code == "en" else f"{code}/"


def test_every_link_of_every_translated_page_resolves(site):
    """Without a browser: every relative link of every page of each translation leads to a
    file of the site, and to an anchor of it where it names one."""
    anchors: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for code in _language_codes():
        pages = _html_pages(site / code)
        assert len(pages) >= len(LANGUAGE_SAMPLE), f"{code}: no site"
        for page in pages:
            path = site / code / page
            for href in re.findall(r'<a [^>]*href="([^"#?][^"]*|#[^"]*)"', path.read_text()):
                if re.match(r"[a-z]+:", href):  # http:, mailto:, javascript:
                    continue
                checked += 1
                url, fragment = urldefrag(html.unescape(href))
                target = (path.parent / unquote(url)).resolve() if url else path
                if not target.is_file():
                    broken.append(f"{code}/{page}: {href} (no file)")
                    continue
                if fragment and target.suffix == ".html":
                    if target not in anchors:
                        anchors[target] = _ids(target.read_text())
                    if unquote(fragment) not in anchors[target]:
                        broken.append(f"{code}/{page}: {href} (no anchor)")
    assert checked > 100 * len(_language_codes()), f"only {checked} links found"
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:20])


def test_every_language_has_a_word_to_search_for():
    from pixels_to_gpt.translations import LANGUAGES, web_code

    assert set(TEMPERATURE) == {web_code(language) for language in LANGUAGES}


@pytest.mark.parametrize("code", sorted(TEMPERATURE))
def test_search_finds_a_chapter_by_a_word_in_its_language(page, server, code):
    """Each translation's search finds chapter 7 by its word for temperature (Chinese search
    needs a word segmenter, jieba, at build time)."""
    word = TEMPERATURE[code]
    page.goto(f"{server}{_root(code)}search.html?q={word}", wait_until="load")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any(CHAPTER_7 in h for h in hrefs), f"{code}: search for {word} found only {hrefs}"


@pytest.mark.parametrize("code", ["en", *sorted(TEMPERATURE)])
def test_the_widgets_speak_the_pages_language(page, server, code):
    """Chapter 7's sampling explorer and live model label their controls in the page's
    language: their word for temperature (English: as the English tests expect it)."""
    page.goto(f"{server}{_root(code)}{CHAPTER_7}", wait_until="load")
    explorer = page.locator(".sampling-explorer-control label").first
    live = page.locator(".live-model label").filter(
        has_text=re.compile("temp|hőm|温|溫", re.IGNORECASE))
    explorer.wait_for(timeout=20_000)
    live.first.wait_for(timeout=20_000)
    word = TEMPERATURE.get(code, "temperature")
    assert explorer.inner_text().strip() == word
    assert word.lower() in live.first.inner_text().lower()


@pytest.mark.parametrize("start", ["en", *sorted(TEMPERATURE)])
def test_the_language_menu_leads_to_the_same_page_in_each_language(page, server, start):
    """From a chapter and from an exercise, in every language: the menu above the article
    opens, and each of its entries leads to the same page in that language, whose <html
    lang> says so."""
    codes = ["en", *sorted(TEMPERATURE)]
    # the exercise from every language; the chapter (heavier: two widgets) from English
    for path in ("exercises/ch07_sampling/sampling.html",) + ((CHAPTER_7,) * (start == "en")):
        for target in codes:
            page.goto(f"{server}{_root(start)}{path}", wait_until="load")
            assert page.evaluate("document.documentElement.lang") == start
            menu = page.locator(".p2g-language-menu")
            menu.locator("button").click()
            entry = menu.locator(f"a[hreflang='{target}']")
            entry.wait_for(state="visible", timeout=10_000)
            assert (entry.get_attribute("aria-current") == "page") == (target == start)
            entry.click()
            page.wait_for_url(f"{server}{_root(target)}{path}", timeout=20_000)
            assert page.evaluate("document.documentElement.lang") == target, (start, target)


def _notebook_pages(site: Path) -> list[str]:
    """Pages made from notebooks: Jupyter Book keeps their .ipynb source in _sources/."""
    return sorted(
        p.relative_to(site / "_sources").as_posix().removesuffix(".ipynb") + ".html"
        for p in (site / "_sources").rglob("*.ipynb")
    )


def test_notebook_pages_have_launch_and_download_buttons(page, server, site):
    notebooks = _notebook_pages(site)
    assert CHAPTER_7 in notebooks
    missing = []
    for path in notebooks:
        page.goto(server + path, wait_until="load")
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        download = page.locator(f'a[href$="{name}.ipynb"]')
        launch = page.locator(".dropdown-launch-buttons")
        if download.count() == 0:
            missing.append(f"{path}: no download link for {name}.ipynb")
        if not launch.first.is_visible():
            missing.append(f"{path}: no launch button")
            continue
        launch.first.locator("button").first.click()  # open the menu, as a reader does
        for where in ("mybinder.org", "colab.research.google.com"):
            entry = page.locator(f'.dropdown-launch-buttons a[href*="{where}"]')
            if entry.count() == 0 or not entry.first.is_visible():
                missing.append(f"{path}: no visible launcher for {where}")
        # no placeholder JupyterHub: it appears once an instructor names their hub
        if page.locator('.dropdown-launch-buttons a[href*="example.org"]').count():
            missing.append(f"{path}: a launcher points at a placeholder hub")
        page.keyboard.press("Escape")
    assert not missing, "\n".join(missing)


def test_every_chapter_opens_with_its_goals_and_ends_with_a_summary_and_its_exercise(
    page, server, site
):
    chapters = [p for p in _notebook_pages(site) if re.fullmatch(r"book/ch\d\d_\w+\.html", p)]
    assert CHAPTER_7 in chapters
    problems = []
    for path in chapters:
        page.goto(server + path, wait_until="load")
        article = page.locator("article.bd-article")
        opening = article.locator("section").first.evaluate(
            "s => Array.from(s.children).filter(e => !e.matches('section'))"
            ".map(e => e.textContent).join(' ')"
        )
        if "able to" not in opening:
            problems.append(f"{path}: the opening does not say what the reader will be able to do")
        summary = article.locator("section:has(> h2:text-matches('^Summary'))")
        if summary.count() == 0:
            problems.append(f"{path}: no Summary section")
        elif summary.first.locator("a[href*='exercises/']").count() == 0:
            problems.append(f"{path}: the summary does not link to the chapter's exercise")
    assert not problems, "\n".join(problems)


def _explorer_state(page) -> tuple[dict, dict[int, float], dict[int, float], list[int]]:
    """(exported data, token id -> probability read from the bar's height, token id -> its
    data-prob, ids in the kept list) of the page's first explorer."""
    explorer = page.locator("div.sampling-explorer[data-ready='true']").first
    data = json.loads(explorer.locator("script.sampling-explorer-data").text_content())
    plot_height = float(explorer.locator("svg").get_attribute("data-plot-height"))
    # a filtered-out token's bar stays, grey, at its height before the filters: read as 0 here
    bars = explorer.locator("rect.sampling-explorer-bar").evaluate_all(
        "rects => rects.map(r => [+r.dataset.tokenId, r.classList.contains('dropped') ? 0 :"
        " +r.getAttribute('height'), +r.dataset.prob])"
    )
    kept = explorer.locator("ol.sampling-explorer-kept li").evaluate_all(
        "items => items.map(li => +li.dataset.tokenId)"
    )
    heights = {token: height / plot_height for token, height, _ in bars}
    probs = {token: prob for token, _, prob in bars}
    return data, heights, probs, kept


def _softmax(logits: list[float], temperature: float) -> list[float]:
    """softmax(logits / T), in plain Python."""
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    return [e / sum(exps) for e in exps]


def _move(page, control: str, presses: int) -> float:
    """Move a slider by keyboard (right for positive presses) and return its new value."""
    slider = page.locator(f"div.sampling-explorer input[data-control='{control}']").first
    slider.focus()
    for _ in range(abs(presses)):
        page.keyboard.press("ArrowRight" if presses > 0 else "ArrowLeft")
    return float(slider.input_value())


def test_explorer_bars_follow_the_softmax_as_the_temperature_moves(page, server):
    page.goto(server + CHAPTER_7, wait_until="load")
    page.locator("div.sampling-explorer[data-ready='true']").first.wait_for(timeout=10_000)
    data, heights, _, kept = _explorer_state(page)
    assert len(data["logits"]) == 65 and len(heights) == data["n_bars"] == 20
    assert len(kept) == 65, "with no filter every token is kept"
    seen = {}
    for presses in (0, -10, +16, +8):  # temperature 1.0, then 0.5, 1.3, 1.7
        temperature = _move(page, "temperature", presses)
        _, heights, _, _ = _explorer_state(page)
        expected = _softmax(data["logits"], temperature)
        for token, height in heights.items():
            assert height == pytest.approx(expected[token], abs=1e-6), (
                f"T={temperature}: the bar of {data['labels'][token]!r} is {height:.6f} of the "
                f"axis, softmax(logits / T) gives {expected[token]:.6f}"
            )
        seen[temperature] = heights
    assert sorted(seen) == [0.5, 1.0, 1.3, 1.7]
    favourite = max(seen[1.0], key=seen[1.0].get)
    # a lower temperature sharpens: the favourite's bar grows, and shrinks as T rises
    assert seen[0.5][favourite] > seen[1.0][favourite] > seen[1.3][favourite] > seen[1.7][favourite]
    # the page says what the slider is at
    assert "1.70" in page.locator("output[data-value-of='temperature']").first.text_content()


def test_explorer_top_k_and_top_p_keep_the_tokens_sampling_keeps(page, server):
    import torch

    from pixels_to_gpt.sampling import filtered_distribution

    page.goto(server + CHAPTER_7, wait_until="load")
    page.locator("div.sampling-explorer[data-ready='true']").first.wait_for(timeout=10_000)
    data, _, _, _ = _explorer_state(page)
    logits = torch.tensor(data["logits"])
    k = _move(page, "top-k", 3)
    _, heights, probs, kept = _explorer_state(page)
    expected = filtered_distribution(logits, 1.0, int(k), None)
    assert k == 3 and len(kept) == 3
    assert set(kept) == set(expected.nonzero()[:, 0].tolist())
    for token, height in heights.items():
        assert height == pytest.approx(expected[token].item(), abs=1e-6)
    # the filtered-out tokens do not vanish: grey bars at their probability before the filter
    before = torch.softmax(logits, dim=-1)
    plot_height = float(page.locator("div.sampling-explorer svg").first.get_attribute(
        "data-plot-height"))
    dropped = page.locator("div.sampling-explorer rect.sampling-explorer-bar.dropped")
    assert dropped.count() == data["n_bars"] - 3
    for token, height, fill in dropped.evaluate_all(
        "rects => rects.map(r => [+r.dataset.tokenId, +r.getAttribute('height'),"
        " getComputedStyle(r).fill])"
    ):
        assert height / plot_height == pytest.approx(before[token].item(), abs=1e-6)
        red, green, blue = map(int, re.findall(r"\d+", fill)[:3])
        assert red == green == blue, f"a filtered-out bar is drawn in {fill}, not grey"
    _move(page, "top-k", -3)  # top-k off again
    p = _move(page, "top-p", -8)  # 1.0 -> 0.6
    _, heights, probs, kept = _explorer_state(page)
    expected = filtered_distribution(logits, 1.0, None, p)
    assert p == pytest.approx(0.6)
    assert set(kept) == set(expected.nonzero()[:, 0].tolist())
    for token, prob in probs.items():
        assert prob == pytest.approx(expected[token].item(), abs=1e-6)
    assert sum(1 for h in heights.values() if h > 0) == min(len(kept), len(heights))


def test_explorer_keeps_its_height_and_readable_text_on_a_phone(browser, server):
    """Dragging must not make the page jump, and the chart's words stay readable at 390 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server + CHAPTER_7, wait_until="load")
    explorer = page.locator("div.sampling-explorer[data-ready='true']").first
    explorer.wait_for(timeout=10_000)
    heights = set()
    for control, presses in (("top-k", 1), ("top-k", 5), ("top-k", -6), ("top-p", -12),
                             ("temperature", -20), ("temperature", 30)):
        _move(page, control, presses)
        heights.add(round(explorer.bounding_box()["height"]))
    assert len(heights) == 1, f"the explorer's height changes while dragging: {sorted(heights)}"
    sizes = explorer.locator("svg text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 10, (
        f"the chart's smallest text is {min(sizes):.1f} px high on a phone (at least 10)")
    context.close()
