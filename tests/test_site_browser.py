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

import functools
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
from conftest import REPO, build_book

pytestmark = pytest.mark.slow

SITE = Path(os.environ.get("PIXELS_TO_GPT_SITE", REPO / "_build" / "html"))
SCREENSHOTS = Path(os.environ.get("PIXELS_TO_GPT_SCREENSHOTS", REPO / "_build" / "screenshots"))
CHROMIUM = Path(os.environ.get("PIXELS_TO_GPT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHAPTER_7 = "book/ch07_from_logits_to_text.html"
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


@pytest.fixture(scope="module")
def browser():
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


def _pages(site: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    skip = ("_static/", "_sources/", "_images/")
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(skip)
    )


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


_IMAGES_LOADED = """async () => {
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  return images.map(img => [img.getAttribute("src"), img.complete && img.naturalWidth > 0]);
}"""


def _visit(context, base: str, page_path: str) -> Visit:
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
    page.on("requestfailed", lambda request: urlsplit(request.url).hostname == "127.0.0.1"
            and visit.failed_requests.append(request.url))
    response = page.goto(base + page_path, wait_until="load")
    assert response is not None and response.status == 200, f"{page_path} did not load"
    page.wait_for_load_state("networkidle")
    images = page.evaluate(_IMAGES_LOADED)
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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    result = {page: _visit(context, server, page) for page in _pages(site)}
    context.close()
    (SCREENSHOTS / "pages.txt").write_text(
        "".join(f"{v.page}\t{v.n_images} images\t{len(v.links)} links\n" for v in result.values())
    )
    return result


def _problems(visits: dict[str, Visit], attribute: str) -> list[str]:
    return [f"{v.page}: {item}" for v in visits.values() for item in getattr(v, attribute)]


def test_every_page_of_the_table_of_contents_is_checked(visits, site):
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    if SITE == REPO / "_build" / "html":  # a site built from another table of contents is fine
        missing = [f for f in files if f"{f}.html" not in visits]
        assert not missing, f"pages of _toc.yml missing from the site: {missing}"
    assert "index.html" in visits and CHAPTER_7 in visits
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


def test_search_finds_a_chapter_by_a_word_in_it(page, server):
    # "nucleus" appears in chapter 7 (top-p is nucleus sampling)
    page.goto(server + "search.html?q=nucleus", wait_until="load")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("ch07_from_logits_to_text" in h for h in hrefs), f"search found only {hrefs}"


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
    bars = explorer.locator("rect.sampling-explorer-bar").evaluate_all(
        "rects => rects.map(r => [+r.dataset.tokenId, +r.getAttribute('height'),"
        " +r.dataset.prob])"
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

    from pixels_to_gpt.widgets import filtered_distribution

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
    _move(page, "top-k", -3)  # top-k off again
    p = _move(page, "top-p", -8)  # 1.0 -> 0.6
    _, heights, probs, kept = _explorer_state(page)
    expected = filtered_distribution(logits, 1.0, None, p)
    assert p == pytest.approx(0.6)
    assert set(kept) == set(expected.nonzero()[:, 0].tolist())
    for token, prob in probs.items():
        assert prob == pytest.approx(expected[token].item(), abs=1e-6)
    assert sum(1 for h in heights.values() if h > 0) == min(len(kept), len(heights))
