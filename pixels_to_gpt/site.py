"""The website in every language, and the catalogues that translate it.

  python -m pixels_to_gpt.site build        the English site into _build/html, then each
                                            translation into _build/html/<code>/ (make book)
  python -m pixels_to_gpt.site build hu     English and one translation
  python -m pixels_to_gpt.site translation hu   one translation, after an English build
  python -m pixels_to_gpt.site catalogues   extract the English messages again and update
                                            every catalogue of book/locales (sphinx-intl)

Every build is strict, like `jupyter-book build . -W -n --keep-going`: a warning fails it.
The notebooks run once: the English build executes them into the execution cache
(`_build/.jupyter_cache`), and each translation reads their outputs from there.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pixels_to_gpt.translations import LANGUAGES, LOCALES, REPO, web_code

BUILD = REPO / "_build"
CACHE = BUILD / ".jupyter_cache"


def _sphinx(outdir: Path, builder: str, overrides: dict, doctrees: Path) -> int:
    """One Sphinx build of the book with Jupyter Book's configuration and `overrides`."""
    from jupyter_book.sphinx import build_sphinx

    overrides = {"external_toc_path": str(REPO / "_toc.yml"), "latex_individualpages": False,
                 **overrides}
    result = build_sphinx(REPO, outdir, noconfig=True, path_config=str(REPO / "_config.yml"),
                          confoverrides=overrides, builder=builder, doctreedir=doctrees,
                          warningiserror=True, keep_going=True, quiet=True)
    return result if isinstance(result, int) else 1


def build_translation(language: str) -> int:
    """The site in one language, `_build/html/<code>/`, from the English build's outputs."""
    code = web_code(language)
    print(f"Building the site in {LANGUAGES[language]} ({code}) into _build/html/{code}/",
          flush=True)
    return _sphinx(BUILD / "html" / code, "html",
                   {"language": language, "nitpicky": True,
                    "nb_execution_cache_path": str(CACHE)},
                   BUILD / ".doctrees" / code)


def build(languages: list[str]) -> int:
    """English (Jupyter Book's own command, which executes the notebooks), then the rest."""
    bin_dir = Path(sys.executable).parent
    started = time.perf_counter()
    english = subprocess.call([str(bin_dir / "jupyter-book"), "build", ".", "-W", "-n",
                               "--keep-going"], cwd=REPO)
    print(f"English: {time.perf_counter() - started:.0f} s", flush=True)
    if english != 0:
        return english
    # each translation in a process of its own: a Sphinx application per process
    failed = []
    for language in languages:
        started = time.perf_counter()
        if subprocess.call([sys.executable, "-m", "pixels_to_gpt.site", "translation",
                            language], cwd=REPO) != 0:
            failed.append(language)
        print(f"{LANGUAGES[language]}: {time.perf_counter() - started:.0f} s", flush=True)
    if failed:
        print(f"The site did not build in {', '.join(failed)}: see the warnings above.",
              file=sys.stderr)
        return 1
    return 0


def extract_messages(outdir: Path) -> int:
    """The English messages of every page: `outdir/<page>.pot` (no notebook is executed:
    outputs are not messages)."""
    # (one catalogue per page: _config.yml's gettext_compact: false)
    return _sphinx(outdir, "gettext", {"nb_execution_mode": "off", "gettext_uuid": False,
                                       "gettext_location": False},
                   outdir / ".doctrees")


def update_catalogues() -> int:
    """Extract the messages again and bring every language's catalogues up to date."""
    pot = BUILD / "gettext"
    if extract_messages(pot) != 0:
        return 1
    bin_dir = Path(sys.executable).parent
    languages = [flag for language in LANGUAGES for flag in ("-l", language)]
    return subprocess.call([str(bin_dir / "sphinx-intl"), "update", "-p", str(pot),
                            "-d", str(LOCALES), *languages], cwd=REPO)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    unknown = [language for language in rest if language not in LANGUAGES]
    # a translation builds alone in its process: Sphinx keeps the words of its page frame
    # (the theme's "Back to top") per process, so a second language would show the first's
    if command not in ("build", "translation", "catalogues") or unknown \
            or command == "translation" and len(rest) != 1:
        print(__doc__.strip() + f"\n\nLanguages: {', '.join(LANGUAGES)}.", file=sys.stderr)
        return 2
    if command == "catalogues":
        return update_catalogues()
    if command == "translation":
        return build_translation(rest[0])
    return build(rest or list(LANGUAGES))


if __name__ == "__main__":
    sys.exit(main())
