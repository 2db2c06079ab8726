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

Listed in `_config.yml` under `sphinx: extra_extensions`.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# tex-mml-chtml.js is what Sphinx loads from the CDN; the folders hold what it loads later
# (TeX extensions on first use, fonts, the right-click menu); the speech engine (sre) is left
# out: 4 MB that no page needs.
MATHJAX_ENTRY = "tex-mml-chtml.js"
MATHJAX_PARTS = (MATHJAX_ENTRY, "input", "output", "ui", "a11y", "adaptors")
LOCAL_PATH = "mathjax/" + MATHJAX_ENTRY  # relative to _static/, as Sphinx reads mathjax_path
TEMPLATES = Path(__file__).parent / "site_templates"


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
    # after the theme's and the other extensions' handlers, which may still add scripts
    app.connect("html-page-context", _one_copy_of_each_script, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
