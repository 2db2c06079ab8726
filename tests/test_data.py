"""The data layer, against a real HTTP server on 127.0.0.1 (no mocks of the network)."""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path

import pytest

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
    assert not list(cache.rglob("*.part")), "no partial file is left behind"


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
    assert not list(cache.rglob("*.part"))


def test_truncated_download_says_to_retry(server, cache):
    server.files["/text.txt"] = CONTENT
    server.truncate.add("/text.txt")
    with pytest.raises(DataError, match="stopped early.*again"):
        fetch(entry(server.url("/text.txt")))
    assert not (cache / "corpus" / "text.txt").exists()


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
    monkeypatch.setenv("PIXELS_TO_GPT_DATA", str(tmp_path / "empty-mirror"))
    monkeypatch.setenv("PIXELS_TO_GPT_CACHE", str(tmp_path / "cache"))
    server.files["/text.txt"] = CONTENT
    assert fetch(entry(server.url("/text.txt"))).read_bytes() == CONTENT


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(DataError, match="tinyshakespeare"):
        fetch("shakespeare-complete")


def test_course_files_come_verified_from_the_mirror():
    for name in ("tinyshakespeare", "r50k_base"):
        assert sha256_of(fetch(name)) == DATA_FILES[name].sha256
    text = fetch("tinyshakespeare").read_text()
    assert text.startswith("First Citizen:") and len(text) == 1_115_394
