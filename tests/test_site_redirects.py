"""Renamed pages keep their old address: pixels_to_gpt.site_extension writes a redirect page
at each old name of `MOVED_PAGES` (fast: a two-page Sphinx project, not the book)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from course_tree import REPO

from pixels_to_gpt.site_extension import MOVED_PAGES, redirect_page


def _build(tmp_path: Path, pages: dict[str, str], builder: str = "html") -> tuple[Path, str]:
    """Build `pages` (docname -> reST) with the course's extension and the book's theme,
    warnings as errors."""
    from io import StringIO

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    source = tmp_path / "src"
    for docname, text in pages.items():
        (source / docname).parent.mkdir(parents=True, exist_ok=True)
        (source / f"{docname}.rst").write_text(text)
    (source / "conf.py").write_text(
        "extensions = ['pixels_to_gpt.site_extension']\n"
        "html_theme = 'sphinx_book_theme'\nhtml_favicon = 'favicon.svg'\n")
    (source / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    out, warnings = tmp_path / "out", StringIO()
    with docutils_namespace():  # each build registers its nodes afresh
        app = Sphinx(str(source), str(source), str(out), str(tmp_path / "doctrees"), builder,
                     status=None, warning=warnings, warningiserror=True, freshenv=True)
        app.build()
    return out, warnings.getvalue()


def _toc_docnames() -> set[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    names = {toc["root"]}

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            names.add(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return names


def test_each_moved_page_leads_to_a_page_of_the_book():
    docnames = _toc_docnames()
    assert MOVED_PAGES, "chapters 7 and 8 were renamed"
    for old, new in MOVED_PAGES.items():
        assert new in docnames, f"{old} redirects to {new}, which is not in _toc.yml"
        assert old not in docnames, f"{old} is a page again: take it out of MOVED_PAGES"
        assert not (REPO / f"{old}.ipynb").exists() and not (REPO / f"{old}.md").exists()
        assert (REPO / f"{new}.ipynb").is_file()


def test_a_redirect_page_sends_the_reader_on():
    page = redirect_page("ch07_sampling.html", "7. From logits to text & more",
                         favicon="../_static/favicon.svg")
    assert '<meta http-equiv="refresh" content="0; url=ch07_sampling.html">' in page
    assert '<link rel="canonical" href="ch07_sampling.html">' in page
    assert '<a href="ch07_sampling.html">7. From logits to text &amp; more</a>' in page
    assert '<link rel="icon" href="../_static/favicon.svg">' in page
    assert 'location.replace("ch07_sampling.html" + location.search + location.hash)' in page
    assert "https://" not in page  # works offline
    absolute = redirect_page("ch07_sampling.html", "t",
                             canonical="https://example.org/book/ch07_sampling.html")
    assert '<link rel="canonical" href="https://example.org/book/ch07_sampling.html">' in absolute


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_the_build_writes_the_old_pages_as_redirects(tmp_path, builder):
    pages = {new: f"Chapter {new}\n{'=' * (8 + len(new))}\n\nTemperature.\n"
             for new in MOVED_PAGES.values()}
    pages["index"] = "Home\n====\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in pages)
    for old in MOVED_PAGES:  # an earlier build's copy of the old chapter, before its rename
        stale = tmp_path / "out" / "_sources" / f"{old}.ipynb"
        stale.parent.mkdir(parents=True, exist_ok=True)
        stale.write_text("{}")
    out, warnings = _build(tmp_path, pages, builder)
    assert not warnings
    stale = [p for old in MOVED_PAGES for p in (out / "_sources").rglob(f"{Path(old).name}.*")]
    assert not stale, "an earlier build's source of the old page stays"
    for old, new in MOVED_PAGES.items():
        if builder == "html":
            page, target = out / f"{old}.html", f"{Path(new).name}.html"
        else:
            page, target = out / old / "index.html", f"../{Path(new).name}/"
        text = page.read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in text
        assert f'<link rel="canonical" href="{target}">' in text
        assert f'<a href="{target}">Chapter {new}</a>' in text
        assert re.search(r'<link rel="icon" href="\.\./(\.\./)?_static/favicon\.svg">', text)
        assert (page.parent / target).resolve().exists(), "the redirect goes to a built page"
    # a redirect to a page that is not in the book is an error under -W
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(Exception, match="not a page of the book"):
        _build(other, {"index": "Home\n====\n"}, builder)


def test_a_page_that_exists_again_is_not_overwritten(tmp_path):
    old, new = next(iter(MOVED_PAGES.items()))
    with pytest.raises(Exception, match="is a page of the book again"):
        _build(tmp_path, {
            "index": f"Home\n====\n\n.. toctree::\n\n   {old}\n   {new}\n",
            old: "Old\n===\n", new: "New\n===\n",
        })
    assert "moved" not in (tmp_path / "out" / f"{old}.html").read_text().lower()
