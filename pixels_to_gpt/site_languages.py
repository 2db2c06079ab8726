"""A Sphinx extension for the website's languages: catalogues, switcher, `lang`, alternates.

The English site is `_build/html/`; each translation is a whole site of its own beside it,
`_build/html/<code>/` (hu, zh-CN, zh-TW), built from the same sources with Sphinx's
`language` set (`python -m pixels_to_gpt.site build`). This extension, in every build:

- checks that the build reads the catalogues of `book/locales` (`pixels_to_gpt.translations`),
  one per page, and the theme's words where the theme has none (`sphinx.po`);
- puts a language menu above every article, next to the theme's buttons, whose links lead
  to the same page in each language (relative links: the sites work from any folder);
- writes the page's language as the web writes it (`<html lang="zh-CN">`, where the theme
  writes Sphinx's `zh_CN`), and `<link rel="alternate" hreflang=...>` for each language;
- makes the download button of a translated notebook page give the notebook in that
  language: its Markdown translated from the same catalogue, its code as it is (an exercise
  downloaded so is graded as the English one; `pixels_to_gpt.exercise_translations`).

Listed in `_config.yml` under `sphinx: extra_extensions`.
"""

from __future__ import annotations

import html
from pathlib import Path

from pixels_to_gpt.site_extension import TEMPLATES
from pixels_to_gpt.translations import ENGLISH, LANGUAGES, LOCALES, web_code

# what the menu's button says to a screen reader, in the page's own language
MENU_LABEL = {"en": "Language", "hu": "Nyelv", "zh_CN": "语言", "zh_TW": "語言"}
# the search field's hint (Jupyter Book sets the English one; the theme translates the rest)
SEARCH_HINT = {"hu": "Keresés a könyvben…", "zh_CN": "搜索本书…", "zh_TW": "搜尋本書…"}


def _configure(app, config) -> None:
    # _config.yml names the catalogues (locale_dirs: book/locales, one per page); a book
    # configured otherwise would build its translations in English without a word
    if not any(Path(app.srcdir, folder).resolve() == LOCALES for folder in config.locale_dirs):
        raise ValueError(f"_config.yml's sphinx.config.locale_dirs must name {LOCALES}")
    if TEMPLATES.is_dir() and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [str(TEMPLATES), *config.templates_path]
    options = dict(config.html_theme_options or {})
    end = list(options.get("article_header_end") or ["article-header-buttons.html"])
    if "language-menu.html" not in end:
        options["article_header_end"] = ["language-menu.html", *end]
    if config.language in SEARCH_HINT:
        options["search_bar_text"] = SEARCH_HINT[config.language]
    config.html_theme_options = options


def page_in(language: str | None, pagename: str, current: str | None) -> str:
    """The address of `pagename` in `language` (None: English), from the same page in `current`.

    Every site has the same pages under the same names; the translations sit one folder
    below the English site, so the way there is up to this site's root, up once more from a
    translation, and down into the other language's folder.
    """
    to_root = "../" * pagename.count("/")
    if current is not None:
        to_root += "../"  # from a translation's root to the English root
    folder = "" if language is None else web_code(language) + "/"
    return f"{to_root}{folder}{pagename}.html"


def _language_menu(app, pagename, templatename, context, doctree) -> None:
    current = app.config.language if app.config.language in LANGUAGES else None
    entries = [(None, ENGLISH), *LANGUAGES.items()]
    context["p2g_languages"] = [
        {"code": "en" if code is None else web_code(code), "name": name,
         "href": page_in(code, pagename, current), "current": code == current}
        for code, name in entries
    ]
    context["p2g_language_label"] = MENU_LABEL[current or "en"]
    # the theme writes <html lang="{{ language }}">: Sphinx's zh_CN, where the web says zh-CN
    context["language"] = web_code(current) if current else "en"
    alternates = "".join(
        f'<link rel="alternate" hreflang="{entry["code"]}" href="{html.escape(entry["href"])}">\n'
        for entry in context["p2g_languages"])
    context["metatags"] = context.get("metatags", "") + alternates


def _translated_downloads(app, exception) -> None:
    language = app.config.language
    if exception is not None or language not in LANGUAGES or app.builder.format != "html":
        return
    import json

    from pixels_to_gpt.exercise_translations import translate_notebook

    sources = Path(app.outdir) / "_sources"
    for docname in sorted(app.env.found_docs):
        download = sources / f"{docname}.ipynb"
        if download.is_file():
            nb = translate_notebook(json.loads(download.read_text(encoding="utf-8")), language,
                                    docname)
            download.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def setup(app) -> dict:
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _language_menu)
    app.connect("build-finished", _translated_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
