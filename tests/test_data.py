"""The data layer, against a real HTTP server on 127.0.0.1 (no mocks of the network)."""

from __future__ import annotations

import hashlib
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from course_tree import MIRROR, REPO

from pixels_to_gpt import data
from pixels_to_gpt.data import DATA_FILES, DataError, DataFile, fetch, sha256_of

CONTENT = b"To be, or not to be, that is the question.\n" * 200


class Server:
    """Serves `files` (path -> bytes) on 127.0.0.1; `truncate` sends fewer bytes than promised."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.truncate: set[str] = set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path in server.truncate:
                    body = body[: len(body) // 2]
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache and no mirror: every fetch goes to the server."""
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("PIXELS_TO_GPT_DATA", raising=False)
    monkeypatch.setattr(data, "CHECKOUT", tmp_path / "not-a-checkout")  # no mirror beside it
    return tmp_path / "cache"


def entry(url: str, content: bytes = CONTENT, path: str = "corpus/text.txt") -> DataFile:
    return DataFile("text", url, hashlib.sha256(content).hexdigest(), len(content), path)


def test_downloads_once_then_reads_the_cache(server, cache):
    server.files["/text.txt"] = CONTENT
    item = entry(server.url("/text.txt"))
    path = fetch(item)
    assert path == cache / "corpus" / "text.txt"
    assert path.read_bytes() == CONTENT
    assert fetch(item) == path
    assert server.requests == ["/text.txt"], "a verified cached file must not be downloaded again"
    assert [p.name for p in cache.rglob("*") if p.is_file()] == ["text.txt"], (
        "no partial or temporary file is left behind")


def test_a_corrupt_cached_file_is_fetched_again(server, cache):
    server.files["/text.txt"] = CONTENT
    item = entry(server.url("/text.txt"))
    path = fetch(item)
    path.write_bytes(CONTENT[:-1] + b"!")  # same size, different bytes
    assert fetch(item).read_bytes() == CONTENT
    path.write_bytes(CONTENT[:100])  # truncated
    assert fetch(item).read_bytes() == CONTENT
    assert len(server.requests) == 3


def test_wrong_checksum_is_refused_and_not_cached(server, cache):
    server.files["/text.txt"] = CONTENT.replace(b"question", b"answer!!")
    item = entry(server.url("/text.txt"))
    with pytest.raises(DataError, match="wrong SHA-256"):
        fetch(item)
    assert not (cache / "corpus" / "text.txt").exists()
    assert not [p for p in cache.rglob("*") if p.is_file()], "nothing of it is kept"


def test_truncated_download_says_to_retry(server, cache):
    server.files["/text.txt"] = CONTENT
    server.truncate.add("/text.txt")
    with pytest.raises(DataError, match="stopped early.*again"):
        fetch(entry(server.url("/text.txt")))
    assert not [p for p in cache.rglob("*") if p.is_file()], "nothing of it is kept"


def test_short_file_without_error_is_caught_by_its_size(server, cache):
    server.files["/text.txt"] = CONTENT[:-10]
    with pytest.raises(DataError, match="stopped early"):
        fetch(entry(server.url("/text.txt")))


def test_offline_error_says_what_to_do(server, cache):
    url = server.url("/text.txt")
    server.close()  # nothing listens any more: as good as offline
    with pytest.raises(DataError, match="PIXELS_TO_GPT_DATA"):
        fetch(entry(url))


def test_missing_file_on_the_server(server, cache):
    with pytest.raises(DataError, match="could not download"):
        fetch(entry(server.url("/nowhere.txt")))


def test_mirror_is_read_and_checked(tmp_path, monkeypatch, server):
    mirror = tmp_path / "mirror"
    (mirror / "corpus").mkdir(parents=True)
    (mirror / "corpus" / "text.txt").write_bytes(CONTENT)
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", str(mirror))
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    item = entry(server.url("/text.txt"))
    assert fetch(item) == mirror / "corpus" / "text.txt"
    assert server.requests == []
    (mirror / "corpus" / "text.txt").write_bytes(CONTENT[:-1] + b"?")
    with pytest.raises(DataError, match="does not match the SHA-256"):
        fetch(item)


def test_mirror_without_the_file_falls_back_to_download(tmp_path, monkeypatch, server):
    (tmp_path / "empty-mirror").mkdir()
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", str(tmp_path / "empty-mirror"))
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    server.files["/text.txt"] = CONTENT
    assert fetch(entry(server.url("/text.txt"))).read_bytes() == CONTENT


def test_mirror_without_the_file_offline_says_to_put_it_there(tmp_path, monkeypatch, server):
    (tmp_path / "empty-mirror").mkdir()
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", str(tmp_path / "empty-mirror"))
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    url = server.url("/text.txt")
    server.close()
    with pytest.raises(DataError) as error:
        fetch(entry(url))
    assert f"{tmp_path / 'empty-mirror'} (from PIXELS_TO_GPT_DATA) has no corpus/text.txt" in str(
        error.value)


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_a_mirror_variable_naming_no_folder_says_so_and_what_to_do(tmp_path, monkeypatch,
                                                                   server, kind):
    folder = tmp_path / "no-such-mirror"
    if kind == "a file":
        folder.write_text("not a folder")
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", str(folder))
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    server.files["/text.txt"] = CONTENT
    with pytest.raises(DataError) as error:
        fetch(entry(server.url("/text.txt")))
    message = str(error.value)
    assert f"PIXELS_TO_GPT_DATA is set to {folder}, but there is" in message
    assert ("a file, not a folder" if kind == "a file" else "no folder") in message
    for what in [DATA_FILES["tinyshakespeare"].path, DATA_FILES["r50k_base"].path,
                 "unset PIXELS_TO_GPT_DATA", "to download them"]:
        assert what in message
    assert server.requests == [], "a mistyped mirror is reported, not silently downloaded past"


def test_a_relative_mirror_path_is_shown_with_the_folder_it_is_read_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", "../nowhere/data")
    with pytest.raises(DataError, match=r"set to \.\./nowhere/data \(relative to the current "
                       rf"folder {tmp_path}\)"):
        fetch("tinyshakespeare")


def lay_out_checkout(root: Path, mirrored: dict[str, bytes]) -> Path:
    """root/course (a checkout: pyproject.toml) and root/shared/data holding `mirrored`."""
    (root / "course").mkdir(parents=True)
    (root / "course" / "pyproject.toml").write_text("[project]\nname = 'course'\n")
    for path, content in mirrored.items():
        (root / "shared" / "data" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "shared" / "data" / path).write_bytes(content)
    return root / "course"


def test_without_the_variable_the_mirror_beside_the_checkout_is_used(tmp_path, monkeypatch,
                                                                     server, cache):
    checkout = lay_out_checkout(tmp_path / "home", {"corpus/text.txt": CONTENT})
    monkeypatch.setattr(data, "CHECKOUT", checkout)
    assert "PIXELS_TO_GPT_DATA" not in os.environ
    path = fetch(entry(server.url("/text.txt")))
    assert path == tmp_path / "home" / "shared" / "data" / "corpus" / "text.txt"
    assert server.requests == [] and not cache.exists(), "read in place: no download, no copy"


def test_a_wrong_file_beside_the_checkout_is_passed_over(tmp_path, monkeypatch, server, cache):
    checkout = lay_out_checkout(tmp_path / "home", {"corpus/text.txt": CONTENT[:-1] + b"?"})
    monkeypatch.setattr(data, "CHECKOUT", checkout)
    server.files["/text.txt"] = CONTENT
    path = fetch(entry(server.url("/text.txt")))
    assert path == cache / "corpus" / "text.txt" and path.read_bytes() == CONTENT
    assert server.requests == ["/text.txt"]


def test_only_a_checkout_looks_beside_itself(tmp_path, monkeypatch, server, cache):
    checkout = lay_out_checkout(tmp_path / "home", {"corpus/text.txt": CONTENT})
    (checkout / "pyproject.toml").unlink()  # e.g. site-packages: not a clone of the course
    monkeypatch.setattr(data, "CHECKOUT", checkout)
    server.files["/text.txt"] = CONTENT
    assert fetch(entry(server.url("/text.txt"))) == cache / "corpus" / "text.txt"


def test_offline_without_a_mirror_names_the_folder_beside_the_checkout(tmp_path, monkeypatch,
                                                                       server, cache):
    checkout = lay_out_checkout(tmp_path / "home", {})
    monkeypatch.setattr(data, "CHECKOUT", checkout)
    url = server.url("/text.txt")
    server.close()
    with pytest.raises(DataError) as error:
        fetch(entry(url))
    assert "set PIXELS_TO_GPT_DATA=<folder>" in str(error.value)
    assert str(tmp_path / "home" / "shared" / "data") in str(error.value)


@pytest.mark.skipif(MIRROR is None, reason="no data mirror beside this checkout")
def test_a_kernel_started_without_the_variable_finds_the_mirror(tmp_path):
    """As in a JupyterLab started with `.venv/bin/jupyter lab`: a kernel in book/, no
    PIXELS_TO_GPT_DATA, an empty cache, and the mirror at ../shared/data."""
    env = {k: v for k, v in os.environ.items() if k != "PIXELS_TO_GPT_DATA"}
    env["PIXELS_TO_GPT_CACHE"] = str(tmp_path / "cache")
    code = ("from pixels_to_gpt.data import fetch; from pixels_to_gpt.tokenizers import "
            "gpt2_encoding; print(fetch('tinyshakespeare')); print(gpt2_encoding().n_vocab)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO / "book", env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(MIRROR / "tinyshakespeare.txt"), "50257"]
    assert not (tmp_path / "cache").exists()


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(DataError, match="tinyshakespeare"):
        fetch("shakespeare-complete")


def test_course_files_come_verified_from_the_mirror():
    for name in ("tinyshakespeare", "r50k_base"):
        assert sha256_of(fetch(name)) == DATA_FILES[name].sha256
    text = fetch("tinyshakespeare").read_text()
    assert text.startswith("First Citizen:") and len(text) == 1_115_394
