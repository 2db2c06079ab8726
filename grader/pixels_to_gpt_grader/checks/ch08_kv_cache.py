"""Chapter 8's outside checks: the KV cache inside the course's GPT, and cached generation.

The cases follow the hidden tests (and are no stricter). Small GPTs are built from the seed
drawn for each submission (`SEED`), before any student code runs, by the course's own
`model.py`, whose source stands in for `from pixels_to_gpt.model import ...` in the sandbox
(as in chapter 6); `sampling.py`'s stands in for `sample_next_token`. Expected values come
from `pixels_to_gpt.kv_cache`, computed outside the sandbox on the same models.

`cached_forward` is run by a driver that fills the cache with the model's own forward, then
refuses the model's forward and feeds the new tokens: the logits it returns and what it
leaves in the cache are compared. `generate_cached` is run by a driver that notes every call
of the model (how many positions, in which mode, with gradients or not) and the mode every
layer is left in; `judge_generation` compares those with the reference's: the same tokens
(those of uncached generation), no more positions than the cache needs, evaluation mode
without gradients, the caller's mode restored.
"""

from __future__ import annotations

import inspect
import re

from pixels_to_gpt import model, sampling
from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question, Records

MODEL_SOURCE = inspect.getsource(model)
SAMPLING_SOURCE = inspect.getsource(sampling)
for _source in (MODEL_SOURCE, SAMPLING_SOURCE):
    assert not re.search(r"^\s*(from|import) pixels_to_gpt", _source, re.MULTILINE), (
        "model.py and sampling.py must run without the rest of the package: the sandbox lacks it")


PRELUDE = ("import torch\n\n"
           + common.imported(MODEL_SOURCE, "pixels_to_gpt/model.py", "GPT", "GPTConfig", "KVCache")
           + common.imported(SAMPLING_SOURCE, "pixels_to_gpt/sampling.py", "sample_next_token")
           + "\ntorch.manual_seed(0)\n")

FIXTURES = MODEL_SOURCE + '''


class Forbidden(Exception):
    """The function called what the exercise asks it not to."""


def tiny_gpt(offset, block_size=8, n_layer=2, dropout=0.0):
    """A small GPT over 11 tokens, its weights drawn from this submission's seed, as in the
    hidden tests with a standard deviation of 1: large enough that every token, position and
    layer changes the logits (an untrained GPT mostly repeats its last token)."""
    torch.manual_seed(SEED + offset)
    m = GPT(GPTConfig(vocab_size=11, block_size=block_size, n_layer=n_layer, n_head=2,
                      n_embd=16, dropout=dropout))
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0.0, 1.0)
    return m.eval()


def ids(B, T, offset):
    return torch.randint(0, 11, (B, T), generator=torch.Generator().manual_seed(SEED + offset))


def refuse_forward(*args, **kwargs):
    raise Forbidden(
        "cached_forward called the model itself (model(...) or model.forward(...)): run its "
        "pieces yourself: tok_emb and pos_emb at positions from cache.length on, every block "
        "with the cache and its layer index, ln_f, lm_head")


def cached_step(function, m, x, cached, part="logits"):
    """function(m, x[:, cached:], cache) with the first `cached` tokens of x already in the
    cache (put there by the model's own forward), the model's forward refused meanwhile.
    part "logits": what it returns; "cache": the cache's length and every layer's key shape
    after it."""
    cache = KVCache(m.config.n_layer)
    with torch.no_grad():
        if cached:
            m(x[:, :cached], cache=cache)
        m.forward = refuse_forward
        try:
            out = function(m, x[:, cached:], cache)
        finally:
            del m.forward
    if part == "cache":
        return [cache.length] + [None if k is None else list(k.shape) for k in cache.keys]
    return out


def generation(function, m, prompts, n, train=False, seed=None, **settings):
    """function(m, prompt, n, generator=..., **settings) for each prompt in turn (several:
    texts one after another on the same model), the model in training mode or not. Returns
    (the outputs, the positions the model processed at each call, whether any layer ran in
    training mode, whether gradients were on, the mode of every layer afterwards)."""
    m.train(train)
    sizes, training, grads = [], [], []

    def note(module, args):
        sizes.append(int(args[0].size(1)))
        training.append(any(layer.training for layer in m.modules()))
        grads.append(torch.is_grad_enabled())

    hook = m.tok_emb.register_forward_pre_hook(note)
    outs = []
    try:
        for prompt in prompts:
            generator = None if seed is None else torch.Generator().manual_seed(seed)
            outs.append(function(m, prompt, n, generator=generator, **settings))
    finally:
        hook.remove()
    return outs, sizes, any(training), any(grads), [layer.training for layer in m.modules()]
'''


# ------------------------------------------------------------------------- cached_forward
STEPS = {  # case id -> (model, ids, tokens already cached, what it says)
    "prefill": ("tiny_gpt(1)", "ids(2, 3, 2)", 0, "a prompt of 3 tokens, an empty cache"),
    "one_after_3": ("tiny_gpt(1)", "ids(2, 4, 3)", 3,
                    "1 new token after 3 cached (it sits at position 3)"),
    "two_after_4": ("tiny_gpt(1)", "ids(2, 6, 4)", 4,
                    "2 new tokens after 4 cached (at positions 4 and 5)"),
    "last_of_window": ("tiny_gpt(1)", "ids(2, 8, 5)", 7,
                       "the 8th token of a window of 8, after 7 cached"),
    "whole_window": ("tiny_gpt(1)", "ids(2, 8, 6)", 0, "8 tokens (the whole window) at once"),
    "batch_of_one": ("tiny_gpt(1)", "ids(1, 6, 7)", 5,
                     "a batch of one, 1 new token after 5 cached"),
    "three_layers": ("tiny_gpt(8, block_size=12, n_layer=3)", "ids(3, 9, 9)", 6,
                     "a GPT of 3 layers, 3 new tokens after 6 cached"),
}


def _forward_cases() -> tuple[Case, ...]:
    cases = []
    for id, (m, x, cached, says) in STEPS.items():
        cases.append(Case(id, f"({m}, {x}, {cached})", f"model, {says}", rtol=1e-4,
                          atol=1e-4))
    cases.append(Case("cache_grows", "(tiny_gpt(1), ids(2, 5, 10), 3)",
                      "model, 2 new tokens after 3 cached; the cache's length and each layer's "
                      "keys (B, nh, S, hs) afterwards: every block must add its own layer's "
                      "keys and values (block(x, cache, layer)) to the cache it was given",
                      kwargs="{'part': 'cache'}", compare="exact"))
    return tuple(cases)


# ------------------------------------------------------------------------ generate_cached
GENERATIONS = {  # case id -> (model, prompts, n, keywords, what it says)
    "greedy_slides": ("tiny_gpt(11)", "[ids(2, 3, 12)]", 10, "temperature=0",
                      "a prompt of 3 tokens, 10 new, greedy (block_size=8: the window slides)"),
    "sampled_slides": ("tiny_gpt(11)", "[ids(2, 3, 13)]", 12, "seed=SEED % 1000",
                       "a prompt of 3 tokens, 12 new, sampled with a seeded generator"),
    "top_k": ("tiny_gpt(14)", "[ids(2, 5, 15)]", 6, "temperature=0.8, top_k=4, seed=3",
              "a prompt of 5 tokens, 6 new, temperature=0.8, top_k=4"),
    "top_p": ("tiny_gpt(16)", "[ids(1, 2, 17)]", 5, "temperature=1.2, top_p=0.9, seed=4",
              "a prompt of 2 tokens, 5 new, temperature=1.2, top_p=0.9"),
    "fills_window": ("tiny_gpt(18)", "[ids(1, 4, 19)]", 5, "temperature=0",
                     "a prompt of 4 tokens, 5 new: the window of 8 just fills"),
    "prompt_of_window": ("tiny_gpt(20)", "[ids(2, 8, 21)]", 4, "temperature=0",
                         "a prompt as long as the window (8 tokens), 4 new, greedy"),
    "long_prompt": ("tiny_gpt(22)", "[ids(2, 11, 23)]", 4, "seed=5",
                    "a prompt of 11 tokens, longer than the window of 8, 4 new, sampled"),
    "one_new": ("tiny_gpt(24)", "[ids(2, 4, 25)]", 1, "temperature=0",
                "a prompt of 4 tokens, 1 new token"),
    "small_window": ("tiny_gpt(26, block_size=5, n_layer=3)", "[ids(2, 2, 27)]", 9, "seed=6",
                     "a GPT of 3 layers with a window of 5, a prompt of 2 tokens, 9 new"),
    "training_model": ("tiny_gpt(28, dropout=0.2)", "[ids(2, 3, 29)]", 8,
                       "train=True, seed=7",
                       "a model in training mode with dropout, a prompt of 3 tokens, 8 new"),
    "three_texts": ("tiny_gpt(30)", "[ids(3, 3, 31), ids(3, 3, 32), ids(3, 2, 33)]", 2,
                    "temperature=0", "three texts one after the other on the same model "
                    "(prompts of 3, 3 and 2 tokens, 2 new each, greedy)"),
}


def _generation_cases() -> tuple[Case, ...]:
    # compare="shape": every record is judged by judge_generation, which says what differs
    return tuple(Case(id, f"({m}, {prompts}, {n})", says, kwargs=f"dict({keywords})",
                      compare="shape")
                 for id, (m, prompts, n, keywords, says) in GENERATIONS.items())


def _value(encoded):
    """A recorded value as plain Python: ints, bools, lists (of token rows, ...)."""
    if not isinstance(encoded, dict):
        return None
    if "tensor" in encoded:
        values, shape = encoded.get("values", []), encoded.get("shape", [])
        if len(shape) == 2 and len(values) == shape[0] * shape[1]:
            return [values[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]
        return ("tensor", tuple(shape))
    if "items" in encoded:
        return [_value(item) for item in encoded["items"]]
    return encoded.get("value")


def _first_wrong_token(got: list, want: list) -> tuple[int, int] | None:
    """(text, index of the first new token that differs), or None if all agree."""
    for text, (g, w) in enumerate(zip(got, want, strict=False)):
        if g != w:
            if not isinstance(g, list) or len(g) != len(w):
                return text, -1
            for row_g, row_w in zip(g, w, strict=False):
                if not isinstance(row_g, list) or len(row_g) != len(row_w):
                    return text, -1
                for i, (a, b) in enumerate(zip(row_g, row_w, strict=True)):
                    if a != b:
                        return text, i
    return None


def _hint(id: str, text: int, index: int, want_rows: list) -> str:
    """What most likely went wrong, from where the first wrong token is."""
    source = GENERATIONS[id]
    block_size = 5 if "block_size=5" in source[0] else 8
    prompt = len(want_rows[0]) - source[2]  # the prompt's length
    if index < 0:
        return (f"each row must be the prompt followed by {source[2]} new tokens, one per step: "
                "torch.cat([idx, next_id], dim=1), idx a (B, T) tensor of token ids")
    if text > 0:
        return ("the first text was right, the second was not: make a new KVCache in every "
                "call (a cache kept from an earlier call holds another text's keys and values)")
    if index < prompt:
        return "the prompt itself changed: leave it as it is and append the new tokens"
    step = index - prompt  # the step that chose this token
    if step == 0:
        return (f"the first new token is wrong: the prefill must feed the whole prompt (its "
                f"last block_size={block_size} tokens) with the empty cache, and the token "
                "comes from the logits of the last position")
    if prompt + step > block_size:
        return (f"the first wrong token comes after the window of {block_size} slid: every "
                "position then changes, so start a new KVCache and feed the last block_size "
                "tokens (idx[:, -block_size:]) whenever cache.length + the new tokens > "
                "block_size, not fewer tokens and not the old cache")
    return ("a token before the window was full is wrong: after the prefill feed only the "
            "token just drawn, with the same cache (it sits at position cache.length), and "
            "choose each token with sample_next_token(logits, temperature, top_k, top_p, "
            "generator)")


def judge_generation(got: Records, want: Records) -> str | None:
    """The tokens of uncached generation; positions the cache saves; evaluation mode without
    gradients; the caller's mode restored. In that order, case by case."""
    for id, (_, _, _, _, says) in GENERATIONS.items():
        what = f"generate_cached({says})"
        outs, sizes, training, grads, after = (_value(item) for item in
                                               got[id]["result"].get("items", [None] * 5))
        w_outs, w_sizes, _, _, w_after = (_value(item) for item in
                                          want[id]["result"]["items"])
        if not isinstance(outs, list) or len(outs) != len(w_outs):
            return f"{what}: generate_cached must return the token ids, a (B, T + n) tensor"
        if training:
            return (f"{what}: the model ran in training mode (dropout on): call model.eval() "
                    "before generating (model.training = False changes the top module only)")
        wrong = _first_wrong_token(outs, w_outs)
        if wrong is not None:
            text, index = wrong
            return (f"{what} returned {outs[text]}; uncached generation (sampling.generate "
                    f"with context_size=block_size) writes {w_outs[text]}: "
                    + _hint(id, text, index, w_outs[text]))
        if grads:
            return (f"{what}: the model ran with gradients on: wrap the generation in "
                    "torch.no_grad() (nothing is trained here, and gradients cost memory)")
        if not isinstance(sizes, list) or sum(sizes) > sum(w_sizes):
            return (f"{what}: the model processed {sum(sizes or [])} positions in "
                    f"{len(sizes or [])} calls where the cache needs {sum(w_sizes)}: feed the "
                    "prompt once (the prefill), then only the token just drawn, and start a new "
                    "cache only when the next token would not fit (cache.length + new tokens > "
                    "block_size)")
        if sum(sizes) < sum(w_sizes):
            return (f"{what}: the model processed only {sum(sizes)} positions, fewer than "
                    f"uncached generation needs ({sum(w_sizes)}) to see the whole context")
        if after != w_after:
            mode = "training" if w_after and w_after[0] else "evaluation"
            return (f"{what}: afterwards the model must be in {mode} mode again, every layer "
                    "of it, as the caller left it: note model.training first and call "
                    "model.train() at the end only if it was training")
    return None


CHECKS = Assignment("pixels_to_gpt.kv_cache", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_cached_forward", "cached_forward", _forward_cases(),
             driver="cached_step"),
    Question("test_generate_cached", "generate_cached", _generation_cases(),
             driver="generation", judge=judge_generation,
             needs=("cached_forward", "pixels_to_gpt.model:KVCache",
                    *(f"pixels_to_gpt.sampling:{name}" for name in (
                        "softmax", "apply_temperature", "top_k_filter", "top_p_filter",
                        "filtered_distribution", "sample_next_token")))),
))
