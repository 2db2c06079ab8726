"""How much faster is generation with a KV cache? Cached vs uncached, in one run.

    python bench/kv_cache.py                  # fill a context of 256 tokens, 3 rounds
    python bench/kv_cache.py --rounds 5 --batch 8 --threads 1

The course's GPT (4 layers, 4 heads, 128 dims, 0.8M parameters) at a context of 256 tokens,
with seeded random weights (speed does not depend on what the weights learned): starting from
a one-token prompt, both `sampling.generate` (uncached: the whole sequence at every step) and
`kv_cache.generate_cached` write 255 tokens, filling the context window. Each round runs
both, alternately, with the same seed; the script checks that they wrote identical tokens and
reports tokens per second (new tokens / wall time) of each and their ratio, for the best
round (the one least disturbed by other programs) and the median. The load average is printed
before and after: other programs on the same cores slow both down. See bench/README.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import torch
from _shared import arguments, load

from pixels_to_gpt.kv_cache import generate_cached
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.sampling import generate

CONFIG = GPTConfig(vocab_size=65, block_size=256, n_layer=4, n_head=4, n_embd=128)


def timed(fn) -> tuple[torch.Tensor, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    parser = arguments(__doc__, 0, "torch threads (0: torch's default, one per core). When "
                       "other programs keep the cores busy, 1 avoids threads waiting on each other")
    parser.add_argument("--batch", type=int, default=1, help="sequences generated together")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    torch.manual_seed(0)
    model = GPT(CONFIG).eval()
    prompt = torch.zeros(args.batch, 1, dtype=torch.long)
    n_new = CONFIG.block_size - prompt.size(1)  # fill the context window exactly
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cpus")
    print(f"model: {model.num_params() / 1e6:.2f}M parameters, context {CONFIG.block_size}; "
          f"batch {args.batch}, {n_new} new tokens per sequence")
    print(f"before: {load()}")

    def uncached():
        return generate(model, prompt, n_new, CONFIG.block_size,
                        generator=torch.Generator().manual_seed(1))

    def cached():
        return generate_cached(model, prompt, n_new, generator=torch.Generator().manual_seed(1))

    cached()  # warm-up: first calls allocate and pick kernels
    rates = {"uncached": [], "cached": []}
    for r in range(args.rounds):
        plain, t_plain = timed(uncached)
        fast, t_fast = timed(cached)
        if not torch.equal(plain, fast):
            raise SystemExit("cached and uncached generation wrote different tokens")
        tokens = args.batch * n_new
        rates["uncached"].append(tokens / t_plain)
        rates["cached"].append(tokens / t_fast)
        print(f"round {r + 1}: uncached {tokens / t_plain:7.0f} tokens/s, cached "
              f"{tokens / t_fast:7.0f} tokens/s, ratio {t_plain / t_fast:.2f} (identical tokens)")
    for name, pick in (("best", max), ("median", statistics.median)):
        u, c = pick(rates["uncached"]), pick(rates["cached"])
        print(f"{name:6s}: uncached {u:7.0f} tokens/s, cached {c:7.0f} tokens/s, "
              f"ratio {c / u:.2f}")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
