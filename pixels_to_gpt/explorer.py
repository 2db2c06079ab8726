"""The sampling explorer of chapter 7 on the static website: no kernel, no CDN.

`explorer_html(model, tokenizer, prompt)` runs the model once, at build time, and returns an
HTML block holding the next-token logits of the prompt as inline JSON. The book ships plain
JavaScript (`book/_static/sampling_explorer.js`) that turns each such block into sliders for
temperature, top-k and top-p, an SVG bar chart and the list of kept tokens, recomputing the
distribution exactly as `pixels_to_gpt.sampling` does. In JupyterLab, where the book's
script is not loaded, the block says so and points to the widget panel instead.
"""

from __future__ import annotations

import html
import json

import torch
from IPython.display import HTML

from pixels_to_gpt.tokenizers import CharTokenizer, printable


def next_token_logits(model, tokenizer: CharTokenizer, prompt: str) -> torch.Tensor:
    """The model's scores for the token after `prompt`: logits (V,), as plain float32.

    The model sees at most its context window, the last `block_size` tokens.
    """
    ids = torch.tensor([tokenizer.encode(prompt)])  # (1, T)
    ids = ids[:, -model.config.block_size :]
    with torch.no_grad():
        return model(ids)[0, -1].float()  # (V,) at the last position


def explorer_data(
    model,
    tokenizer: CharTokenizer,
    prompt: str,
    n_bars: int = 20,
    temperature: float = 1.0,
    top_k: int = 0,
    top_p: float = 1.0,
) -> dict:
    """Everything the page's script needs, as JSON-ready Python values.

    `logits` and `labels` cover the whole vocabulary (label i is token i, made readable:
    '␣' for a space, '\\n' for a newline); `n_bars` is how many of the most likely tokens the
    chart shows; temperature, top_k (0: off) and top_p (1: off) are the sliders' start values.
    """
    if not 0 <= temperature <= 2 or not 0 <= top_k <= tokenizer.vocab_size or not 0 < top_p <= 1:
        raise ValueError(
            f"start values out of the sliders' ranges: temperature={temperature} (0 to 2), "
            f"top_k={top_k} (0 to {tokenizer.vocab_size}, 0 is off), top_p={top_p} (0 to 1)"
        )
    logits = next_token_logits(model, tokenizer, prompt)
    tail = prompt[-24:]
    return {
        "prompt": prompt,
        "prompt_tail": ("…" if len(prompt) > len(tail) else "") + tail.replace("\n", " / "),
        "labels": [printable(ch) for ch in tokenizer.chars],
        "logits": [float(x) for x in logits.tolist()],
        "n_bars": min(n_bars, tokenizer.vocab_size),
        "temperature": temperature,
        "top_k": top_k,
        "top_p": top_p,
    }


def _script_json(data: dict) -> str:
    """JSON that is safe inside <script>: no '<' can close the element early."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def explorer_html(model, tokenizer: CharTokenizer, prompt: str, n_bars: int = 20, **start) -> HTML:
    """The explorer for `prompt`: a container div with its data, drawn by the book's script.

    `start` may set the sliders' start values: temperature, top_k, top_p (see explorer_data).
    """
    data = explorer_data(model, tokenizer, prompt, n_bars=n_bars, **start)
    shown_prompt = html.escape(prompt)
    return HTML(
        '<div class="sampling-explorer">\n'
        f'<p class="sampling-explorer-prompt">Next character after: <code>{shown_prompt}</code>'
        "</p>\n"
        '<p class="sampling-explorer-fallback"><em>The interactive explorer is drawn by the '
        "course website's script; in JupyterLab, use the widget panel above.</em></p>\n"
        '<script type="application/json" class="sampling-explorer-data">'
        f"{_script_json(data)}</script>\n"
        "</div>"
    )
