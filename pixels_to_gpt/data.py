"""The course's data layer: every file the course downloads, fetched once and checked.

Each file has a name, a URL, a size and a SHA-256. `fetch(name)` returns a local path to a
verified copy, looking in this order:

1. a mirror directory named by the environment variable ``PIXELS_TO_GPT_DATA`` (read-only,
   for classrooms and CI without internet access). If it is set, the folder must exist;
2. if ``PIXELS_TO_GPT_DATA`` is not set: the mirror beside the course's checkout,
   ``shared/data`` next to the repository that holds this package (``<repo>/../shared/data``,
   the folder `make` also uses). So a notebook finds it without the variable, even in a
   JupyterLab started directly with ``.venv/bin/jupyter lab``. A file there is used only
   when its SHA-256 matches; otherwise it is passed over;
3. the cache directory (``PIXELS_TO_GPT_CACHE``, default ``~/.cache/pixels_to_gpt``);
4. the URL, downloaded into the cache with a progress bar by pooch (the data fetcher of
   SciPy and scikit-image), which checks the SHA-256 before it keeps the file.

A mirror holds the files at the paths of `DataFile.path` (the layout of ``../shared/data``):

    <mirror>/tinyshakespeare.txt
    <mirror>/tiktoken/0ea1e91bbb3a60f729a8dc8f777fd2fc07cd8df4   (GPT-2's BPE ranks)

A mirror may hold only some of them: the others are fetched from the cache or downloaded.
Every copy is checked against its SHA-256 before use. A corrupt cached file is fetched
again; a missing mirror folder, a wrong file in ``PIXELS_TO_GPT_DATA`` or a failed download
raises `DataError` saying what to do.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

MIRROR_ENV = "PIXELS_TO_GPT_DATA"
CACHE_ENV = "PIXELS_TO_GPT_CACHE"
# The repository this package was cloned in (with `pip install -e .`, as `make` sets it up).
CHECKOUT = Path(__file__).resolve().parent.parent


class DataError(RuntimeError):
    """A data file could not be found, downloaded or verified."""


@dataclass(frozen=True)
class DataFile:
    """One file the course uses. `path` is where it lies inside a mirror or the cache."""

    name: str
    url: str
    sha256: str
    size: int
    path: str


DATA_FILES: dict[str, DataFile] = {
    f.name: f
    for f in [
        DataFile(
            name="tinyshakespeare",
            url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
            sha256="86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
            size=1_115_394,
            path="tinyshakespeare.txt",
        ),
        # GPT-2's byte-pair ranks (tiktoken's `r50k_base`). The file name is the SHA-1 of the
        # URL: that is where tiktoken looks for it in its cache directory.
        DataFile(
            name="r50k_base",
            url="https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken",
            sha256="306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
            size=835_554,
            path="tiktoken/0ea1e91bbb3a60f729a8dc8f777fd2fc07cd8df4",
        ),
    ]
}


def mirror_beside_checkout() -> Path | None:
    """``<repo>/../shared/data`` when this package lies in a checkout and that folder exists."""
    if not (CHECKOUT / "pyproject.toml").is_file():  # an installed copy: no checkout around it
        return None
    folder = CHECKOUT.parent / "shared" / "data"
    return folder if folder.is_dir() else None


def _mirror_from_env() -> Path | None:
    """The folder named by PIXELS_TO_GPT_DATA, or None if unset; an error if it is not there."""
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        where = "" if folder.is_absolute() else f" (relative to the current folder {Path.cwd()})"
        wanted = ", ".join(f.path for f in DATA_FILES.values())
        raise DataError(
            f"{MIRROR_ENV} is set to {value}{where}, but there is "
            f"{'a file, not a folder' if folder.exists() else 'no folder'} there: point "
            f"{MIRROR_ENV} at a folder holding the course's data files ({wanted}), using an "
            f"absolute path, or unset it (unset {MIRROR_ENV}) to download them."
        )
    return folder


def cache_dir() -> Path:
    """The directory downloads are kept in (created on demand)."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "pixels_to_gpt")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(item: str | DataFile) -> Path:
    """Return the path of a verified local copy of a data file, given its name or entry.

    >>> fetch("tinyshakespeare").name
    'tinyshakespeare.txt'
    """
    if isinstance(item, str):
        if item not in DATA_FILES:
            known = ", ".join(sorted(DATA_FILES))
            raise DataError(f"unknown data file {item!r}; the course knows: {known}")
        item = DATA_FILES[item]

    mirror = _mirror_from_env()
    if mirror is not None:
        path = mirror / item.path
        if path.is_file():
            if sha256_of(path) != item.sha256:
                raise DataError(
                    f"{path} (from ${MIRROR_ENV}) does not match the SHA-256 of {item.name!r}: "
                    f"replace it with a fresh copy of {item.url}, or unset {MIRROR_ENV} to "
                    "download it."
                )
            return path
        offline = (f"The mirror {mirror} (from {MIRROR_ENV}) has no {item.path}: put a copy "
                   "of the file there.")
    else:
        beside = mirror_beside_checkout()
        if beside is not None:
            path = beside / item.path
            if path.is_file() and sha256_of(path) == item.sha256:
                return path
        offline = (f"Without internet, put the file at <folder>/{item.path} and set "
                   f"{MIRROR_ENV}=<folder>")
        if (CHECKOUT / "pyproject.toml").is_file():
            offline += f", or make that folder {CHECKOUT.parent / 'shared' / 'data'}"
        offline += "."

    return _download(item, offline)


class _ShortDownload(Exception):
    """The server ended the file early without an error: `size` bytes came."""

    def __init__(self, size: int):
        self.size = size


def _download(item: DataFile, offline: str) -> Path:
    """A verified copy of `item` in the cache: kept if its SHA-256 matches, else downloaded."""
    import pooch  # imported when a download is needed: reading a copy does not need it
    import requests

    path = cache_dir() / item.path

    def whole_file(url: str, output_file: str, pooch_instance: pooch.Pooch | None) -> None:
        pooch.HTTPDownloader(progressbar=True, timeout=30)(url, output_file, pooch_instance)
        # A file that ended early would fail the checksum too; its size tells why.
        size = Path(output_file).stat().st_size
        if size != item.size:
            raise _ShortDownload(size)

    try:
        # pooch downloads into a temporary file beside `path` and keeps it only when the
        # SHA-256 matches; a cached copy that does not match is downloaded again.
        return Path(pooch.retrieve(item.url, known_hash=f"sha256:{item.sha256}",
                                   fname=path.name, path=path.parent, downloader=whole_file))
    except (_ShortDownload, requests.exceptions.ChunkedEncodingError) as error:
        short = isinstance(error, _ShortDownload)
        got = f" ({error.size:,} of {item.size:,} bytes)" if short else ""
        raise DataError(f"the download of {item.name!r} stopped early{got}: run the same "
                        "command again to retry.") from error
    except requests.exceptions.RequestException as error:
        raise DataError(
            f"could not download {item.name!r} from {item.url} ({error}). Check your internet "
            f"connection. {offline}"
        ) from error
    except ValueError as error:  # pooch: the SHA-256 of what came does not match
        raise DataError(
            f"the download of {item.name!r} from {item.url} has the wrong SHA-256: the file "
            "changed upstream or was damaged on the way. Retry; if it persists, report it."
        ) from error
