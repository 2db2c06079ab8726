"""How fast does the course's GPT write in the page? Headless Chromium beside Python, in one run.

    python bench/live_model.py                 # 3 rounds
    python bench/live_model.py --rounds 5 --threads 1

The committed Tiny Shakespeare model (4 layers, 4 heads, 128 dims, 0.81M weights, a window of
128 characters), from the prompt "ROMEO:\\n", at temperature 0.8 and top-p 0.95, measured
three ways in each round, alternately:

- `window`: 121 new tokens, filling the window exactly, in the page (book/_static/live_model.js,
  `PixelsToGPTLive.generate`) and with `kv_cache.generate_cached`: the same work on both
  sides (a prefill, then one position per step). At temperature 0 both must write the same
  text: checked once before timing.
- `long`: 500 new tokens, each side with its own rule past the window: the page keeps the
  last half window when the window is full, `generate_cached` recomputes the whole window at
  every step from then on (see live_model.js).
- `panel`: the reader's view, 500 characters written by the panel (form, Write button, text
  and bars drawn as it goes), from the click to the last character.

Tokens per second = new tokens / wall time, the best round (least disturbed by other
programs) and the median, and the page-to-Python ratio. See bench/README.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch
from _shared import arguments, load

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.kv_cache import generate_cached
from pixels_to_gpt.live_model_site import standalone_page

CHROMIUM = os.environ.get("PIXELS_TO_GPT_CHROMIUM", "/usr/bin/chromium")
PROMPT = "ROMEO:\n"
JS_GENERATE = """([prompt, n, temperature]) => PixelsToGPTLive.load().then(m => {
  const r = PixelsToGPTLive.generate(m, prompt, n,
    {temperature: temperature, topK: null, topP: temperature ? 0.95 : null, seed: 0});
  return [r.text, r.tokensPerSecond];
})"""


def main() -> None:
    parser = arguments(__doc__, 1, "torch threads (default 1: on busy cores two threads wait "
                       "on each other; the page has one thread too)")
    parser.add_argument("--long", type=int, default=500, help="tokens of the long runs")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    from playwright.sync_api import sync_playwright

    model, tokenizer, _ = load_checkpoint()
    idx = torch.tensor([tokenizer.encode(PROMPT)])
    window = model.config.block_size - idx.size(1)

    def python(n: int, temperature: float = 0.8) -> tuple[str, float]:
        start = time.perf_counter()
        out = generate_cached(model, idx, n, temperature=temperature,
                              top_p=0.95 if temperature else None,
                              generator=torch.Generator().manual_seed(0))
        seconds = time.perf_counter() - start
        return tokenizer.decode(out[0, idx.size(1):].tolist()), n / seconds

    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); {load()}")
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = standalone_page(Path(folder), prompt=PROMPT)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_function("document.querySelector('div.live-model').dataset.state "
                               "=== 'ready'", timeout=60_000)
        print(f"Chromium {browser.version}")
        greedy_page = page.evaluate(JS_GENERATE, [PROMPT, window, 0])[0]
        greedy_python = python(window, 0)[0]
        if greedy_page != greedy_python:
            sys.exit(f"greedy texts differ:\n page:   {greedy_page!r}\n python: {greedy_python!r}")
        print(f"greedy, {window} tokens: the page and generate_cached wrote the same text")
        for round_ in range(args.rounds):
            for name, n in (("window", window), ("long", args.long)):
                results.setdefault(f"{name} page", []).append(
                    page.evaluate(JS_GENERATE, [PROMPT, n, 0.8])[1])
                results.setdefault(f"{name} python", []).append(python(n)[1])
            page.fill("[name='length']", str(args.long))
            page.click("button.live-model-write")
            page.wait_for_function("document.querySelector('div.live-model').dataset.state "
                                   "=== 'done'", timeout=300_000)
            results.setdefault("panel page", []).append(float(
                page.get_attribute("div.live-model", "data-tokens-per-second")))
            print(f"round {round_ + 1}: " + ", ".join(
                f"{key} {values[-1]:.0f}" for key, values in results.items()) + " tokens/s")
        browser.close()
    print(f"{load()}\n")
    print("| run | page tokens/s | generate_cached tokens/s | page / Python |")
    print("|---|---|---|---|")
    for name in ("window", "long"):
        page_rates, python_rates = results[f"{name} page"], results[f"{name} python"]
        for how, pick in (("median", statistics.median), ("best", max)):
            a, b = pick(page_rates), pick(python_rates)
            print(f"| {name}, {how} | {a:.0f} | {b:.0f} | {a / b:.2f}x |")
    panel = results["panel page"]
    print(f"| panel ({args.long} characters, drawn as they come), median | "
          f"{statistics.median(panel):.0f} | | |")


if __name__ == "__main__":
    main()
