"""A Sphinx extension for the course website: formulas offline, no duplicated scripts.

- MathJax, which typesets the formulas, is loaded by Sphinx from a CDN: without internet
  every formula would stay raw LaTeX. The package `django-static-mathjax` (from PyPI, pinned
  in requirements.txt) ships MathJax 3 as plain files; this extension copies the parts a page
  needs into the site's `_static/mathjax/` and points the pages there.
- Sphinx 7.4 writes every inline script that an extension adds after the builder started
  twice into each page: the builder keeps it under the file name None, and again under ''
  when it prepares writing. sphinx-thebe's `const THEBE_JS_URL = ...` is one, and its second
  copy fails in the browser with "Identifier 'THEBE_JS_URL' has already been declared".
  Each page keeps one copy.
- The theme's top bar is left out (`site_templates/layout.html`): it held only a search
  field, which the sidebar has too, and two hidden menu buttons. pydata-sphinx-theme 0.17.1
  binds the sidebars' menu handlers to the first `.primary-toggle` / `.secondary-toggle` of
  the page, which were those hidden ones, so the visible buttons did nothing (upstream
  pydata-sphinx-theme #2451, sphinx-book-theme #988). Without the bar, the first ones are
  the visible buttons above the article, and both themes' handlers reach them.
- The course's own style sheet and script (`book/_static/course_site.css`, `.js`): code,
  tables and figures that fit a phone, readable colours in dark mode, clean search snippets.
- A page that was renamed keeps its old address: for each entry of `MOVED_PAGES` the build
  writes a small page at the old name that sends the reader on to the new one (a meta
  refresh, a script that keeps the `#section` of a bookmark, a canonical link, and a plain
  link for people), so that readers' bookmarks and links from elsewhere still work.

Listed in `_config.yml` under `sphinx: extra_extensions`.
"""

from __future__ import annotations

import html
import importlib.util
import json
import shutil
from pathlib import Path

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

# tex-mml-chtml.js is what Sphinx loads from the CDN; the folders hold what it loads later
# (TeX extensions on first use, fonts, the right-click menu); the speech engine (sre) is left
# out: 4 MB that no page needs.
MATHJAX_ENTRY = "tex-mml-chtml.js"
MATHJAX_PARTS = (MATHJAX_ENTRY, "input", "output", "ui", "a11y", "adaptors")
LOCAL_PATH = "mathjax/" + MATHJAX_ENTRY  # relative to _static/, as Sphinx reads mathjax_path
TEMPLATES = Path(__file__).parent / "site_templates"

# Pages that were renamed: old docname -> new docname (paths from the book's root, no suffix).
# Chapters 7 and 8 took the name their exercise, solution and tests already had (the table
# "Each chapter's parts" in CONTRIBUTING.md).
MOVED_PAGES = {
    "book/ch07_from_logits_to_text": "book/ch07_sampling",
    "book/ch08_faster_generation": "book/ch08_kv_cache",
}


def mathjax_files() -> Path | None:
    """The folder of MathJax's browser files (es5/) from django-static-mathjax, if installed."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        return None
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    return es5 if (es5 / MATHJAX_ENTRY).is_file() else None


def _use_local_mathjax(app, config) -> None:
    if not config.mathjax_path.startswith(("http://", "https://")):
        return  # the book chose a MathJax of its own
    if mathjax_files() is None:
        # not a warning, so that a build without the package still passes `-W`; the site then
        # needs the CDN for formulas, which tests/test_site_browser.py reports
        logger.info(
            "MathJax is not installed locally, so formulas need a CDN: "
            "pip install django-static-mathjax (see requirements.txt)"
        )
        return
    config.mathjax_path = LOCAL_PATH


def _copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if app.config.mathjax_path != LOCAL_PATH:
        return
    source, target = mathjax_files(), Path(app.outdir) / "_static" / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)


def redirect_page(target: str, title: str, language: str = "en", favicon: str = "",
                  canonical: str = "") -> str:
    """A page that sends the reader on to `target` (a URL relative to it), `#section` kept."""
    target_attr, title = html.escape(target), html.escape(title)
    icon = f'<link rel="icon" href="{html.escape(favicon)}">\n' if favicon else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target_attr}">\n'
        f'<link rel="canonical" href="{html.escape(canonical or target)}">\n'
        '<meta name="robots" content="noindex">\n'
        f"{icon}"
        # a bookmark of a section (#temperature) lands on that section of the new page
        f"<script>location.replace({json.dumps(target)} + location.search + location.hash)"
        "</script>\n</head>\n<body>\n"
        f'<p>This page has moved: <a href="{target_attr}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _write_redirects(app, exception) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    builder, config = app.builder, app.config
    favicon = config.html_favicon or ""
    for old, new in MOVED_PAGES.items():
        if old in app.env.all_docs:
            logger.warning("%s is a page of the book again: it is not replaced by a redirect "
                           "to %s (remove it from MOVED_PAGES)", old, new)
            continue
        if new not in app.env.all_docs:
            logger.warning("%s redirects to %s, which is not a page of the book", old, new)
            continue
        old_uri, new_uri = builder.get_target_uri(old), builder.get_target_uri(new)
        icon = favicon if "://" in favicon else (
            relative_uri(old_uri, "_static/" + Path(favicon).name) if favicon else "")
        base = getattr(config, "html_baseurl", "") or ""
        canonical = base.rstrip("/") + "/" + new_uri if base else ""
        title = app.env.titles[new].astext() if new in app.env.titles else new
        target = Path(builder.get_outfilename(old))
        target.parent.mkdir(parents=True, exist_ok=True)
        # an earlier build's copy of the old page's source (its download button) goes: the
        # chapter's notebook is downloaded from its new page
        sources = Path(app.outdir) / "_sources" / old
        for stale in sources.parent.glob(sources.name + ".*"):
            stale.unlink()
        target.write_text(redirect_page(relative_uri(old_uri, new_uri), title,
                                        (config.language or "en").replace("_", "-"), icon,
                                        canonical),
                          encoding="utf-8")


def _course_layout(app, config) -> None:
    # before the theme reads its options (pydata-sphinx-theme does at builder-inited): the
    # search field of the left-out top bar would otherwise be added back
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    options = dict(config.html_theme_options or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def _one_copy_of_each_script(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated scripts: the same file, or the same inline body, with the same options."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app) -> dict:
    app.connect("config-inited", _use_local_mathjax)
    app.connect("config-inited", _course_layout)
    # from the book's html_static_path (book/_static)
    app.add_css_file("course_site.css")
    app.add_js_file("course_site.js", defer="defer")
    app.connect("build-finished", _copy_mathjax)
    app.connect("build-finished", _write_redirects)
    # after the theme's and the other extensions' handlers, which may still add scripts
    app.connect("html-page-context", _one_copy_of_each_script, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
