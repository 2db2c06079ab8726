"""The course's GPT, live on the static website: the weights exported at build time (issue 16).

Chapter 7's page (and chapter 8's) holds a `<div class="live-model">`: there
`book/_static/live_model.js` runs the committed Tiny Shakespeare model in the reader's browser,
in plain JavaScript with a KV cache, with no kernel, server or CDN. This module

- writes the checkpoint into one script file (4.3 MB) that the page's script loads once,
  on the pages that hold a live model (`export_live_model`): a JSON header (the
  configuration, the 65 characters, where each tensor starts and its shape) and the float32
  weights, little-endian, in base64. A script
  file rather than a binary fetched with `fetch()` because browsers refuse `fetch()` on a
  page opened from disk (file://), and the book should work there too;
- is a Sphinx extension (listed in `_config.yml`): it writes that file into the HTML
  output's `_static/live_model/` when the build finishes, and adds the page's script and
  style sheet to the pages that hold a live model, and to no other.
"""

from __future__ import annotations

import base64
import html
import json
import shutil
from pathlib import Path

import numpy as np
import torch

from pixels_to_gpt.checkpoint import SHAKESPEARE_CHECKPOINT, load_checkpoint

WEIGHTS_FILE = "live_model/shakespeare_char.js"  # under the site's _static/
SCRIPT, STYLE = "live_model.js", "live_model.css"  # in book/_static (html_static_path)
MARKER = 'class="live-model"'  # the placeholder a chapter writes in a markdown cell
BOOK_STATIC = Path(__file__).resolve().parents[1] / "book" / "_static"


def model_manifest(checkpoint: Path = SHAKESPEARE_CHECKPOINT) -> tuple[dict, bytes]:
    """(the JSON header, the weights as little-endian float32 bytes) of a checkpoint.

    The language-model head is tied to the token embedding (model.py), so it is not written
    twice: the page reuses `tok_emb.weight`.
    """
    model, tokenizer, info = load_checkpoint(checkpoint)
    tensors, chunks, offset = [], [], 0
    for name, tensor in model.state_dict().items():
        if name == "lm_head.weight":  # the same matrix as tok_emb.weight
            continue
        values = tensor.detach().to(torch.float32).contiguous().numpy().astype("<f4")
        tensors.append({"name": name, "shape": list(tensor.shape), "offset": offset})
        chunks.append(values.tobytes())
        offset += values.size
    config = model.config
    header = {
        "format": "pixels-to-gpt live model 1",
        "config": {"vocab_size": config.vocab_size, "block_size": config.block_size,
                   "n_layer": config.n_layer, "n_head": config.n_head,
                   "n_embd": config.n_embd, "bias": config.bias,
                   "layer_norm_eps": 1e-5},
        "chars": list(tokenizer.chars),
        "tensors": tensors,
        "n_floats": offset,
        "val_loss": info.get("val_loss"),
        "corpus": info.get("corpus"),
    }
    return header, b"".join(chunks)


def export_live_model(static_dir: Path, checkpoint: Path = SHAKESPEARE_CHECKPOINT) -> Path:
    """Write the page's copy of the model under `static_dir` -> the file written.

    The file is a script: `PixelsToGPTLive.register(header, "base64 of the weights")`.
    """
    header, weights = model_manifest(checkpoint)
    target = Path(static_dir) / WEIGHTS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    encoded = base64.b64encode(weights).decode("ascii")
    target.write_text(
        "/* The course's Tiny Shakespeare GPT for live_model.js, exported from "
        f"{Path(checkpoint).name} by pixels_to_gpt.live_model_site. */\n"
        "(window.PixelsToGPTLiveQueue = window.PixelsToGPTLiveQueue || []).push([\n"
        f"{json.dumps(header)},\n\"{encoded}\"]);\n"
        "if (window.PixelsToGPTLive) window.PixelsToGPTLive.drain();\n"
    )
    return target


def weights_from_file(path: Path) -> tuple[dict, np.ndarray]:
    """Read an exported file back: (header, all weights as one float32 array). For tests."""
    text = Path(path).read_text()
    start = text.index("push([\n") + len("push([\n")
    header_text, rest = text[start:].split(",\n", 1)
    encoded = rest[1:rest.index('"', 1)]
    return json.loads(header_text), np.frombuffer(base64.b64decode(encoded), dtype="<f4")


def standalone_page(folder: Path, prompt: str = "ROMEO:\n", theme: str = "light") -> Path:
    """A page holding only the live model, with the book's script, style and exported
    weights laid out as on the site (`_static/`): for the browser tests and the bench, which
    open it from disk (file://) without building the book. -> the page's path."""
    static = Path(folder) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLE):
        shutil.copyfile(BOOK_STATIC / name, static / name)
    export_live_model(static)
    page = Path(folder) / "live_model.html"
    page.write_text(f"""<!DOCTYPE html>
<html lang="en" data-theme="{theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The course's GPT, live</title>
<link rel="stylesheet" href="_static/{STYLE}">
<style>html[data-theme="dark"] body {{ background: #14181e; color: #ced6dd; }}</style>
<script src="_static/{SCRIPT}"></script>
</head>
<body>
<main>
<h1>The course's GPT, live</h1>
<div class="live-model" data-prompt="{html.escape(prompt)}">
<p class="live-model-fallback">The live model needs JavaScript.</p>
</div>
</main>
</body>
</html>
""")
    return page


# ---- the Sphinx extension --------------------------------------------------------------------


def _add_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the live model's script and style only on the pages that hold one."""
    if MARKER in context.get("body", ""):
        app.add_css_file(STYLE)
        app.add_js_file(SCRIPT)


def _write_weights(app, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        export_live_model(Path(app.outdir) / "_static")


def setup(app) -> dict:
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_weights)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
