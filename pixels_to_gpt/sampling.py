"""From logits to text: the reference sampling functions of chapter 7.

The names, signatures and rules are the exercise's contract (CONTRIBUTING.md, "The sampling
exercise's contract"); students write their own versions of the same functions in the
chapter-7 exercise.

Shapes: B batch, T time, V vocabulary. "Logits" are raw, unnormalised scores.

A wrong call raises ValueError or TypeError saying what was wrong and what to pass instead.
The exercise's grading also runs each of these functions from its own source, as a
student's answer (tests/test_exercises.py), so each does its own checks, with two shared
helpers whose source the grading hands in beside their callers: `filtered_distribution`,
the one definition of "the distribution after temperature, top-k and top-p" that
`sample_next_token` draws from and that the JupyterLab panel and the website's live model
show, `check_prompt`, the checks of a prompt, and `sample_tokens`, the sampling loop, both
of which `generate` and chapter 8's `generate_cached` share.
"""

from __future__ import annotations

from collections.abc import Callable

import torch


def softmax(logits: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Probabilities along `dim`: exp(x_i) / sum_j exp(x_j), computed without overflow.

    Subtracting the row's maximum first changes nothing mathematically (the factor e^-max
    cancels) but keeps every exponent <= 0, so exp never overflows.

    >>> softmax(torch.tensor([1000.0, 1001.0]))
    tensor([0.2689, 0.7311])
    """
    shifted = logits - logits.amax(dim=dim, keepdim=True)
    exps = torch.exp(shifted)  # -inf becomes exactly 0
    return exps / exps.sum(dim=dim, keepdim=True)


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Divide the logits by the temperature: < 1 sharpens the distribution, > 1 flattens it.

    >>> apply_temperature(torch.tensor([2.0, 1.0]), 0.5)
    tensor([4., 2.])
    """
    if not temperature > 0:  # also rejects nan
        raise ValueError(
            f"temperature must be greater than 0, got {temperature}: for greedy decoding pass "
            "temperature=0 to sample_next_token or generate; otherwise use a positive value "
            "(below 1 sharpens the distribution, above 1 flattens it; 1 leaves it as it is)"
        )
    return logits / temperature


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the k largest logits of each row (ties with the k-th included); the rest -inf.

    logits (..., V) -> (..., V)

    >>> top_k_filter(torch.tensor([1.0, 3.0, 2.0, 3.0]), 2)
    tensor([-inf, 3., -inf, 3.])
    """
    if isinstance(k, float) or k < 1:
        raise ValueError(
            f"top-k needs a whole number k >= 1, got k={k!r}: k=1 keeps only the most likely "
            "token, a larger k keeps more; to turn top-k off pass top_k=None"
        )
    if k >= logits.size(-1):
        return logits.clone()
    kth_largest = torch.topk(logits, k, dim=-1).values[..., -1:]  # (..., 1)
    return logits.masked_fill(logits < kth_largest, float("-inf"))


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Nucleus filter: keep the fewest most likely tokens whose probabilities reach `p`.

    logits (..., V) -> (..., V); the most likely token is always kept.

    >>> top_p_filter(torch.tensor([3.0, 2.0, 1.0, 0.0]), 0.8)  # probs .64 .24 .09 .03
    tensor([3., 2., -inf, -inf])
    """
    if not 0 < p <= 1:
        raise ValueError(
            f"top-p needs 0 < p <= 1, got p={p}: p is a probability, e.g. 0.9 keeps the most "
            "likely tokens holding 90% of it; p=1 keeps every token, top_p=None turns it off"
        )
    if p == 1:
        return logits.clone()
    sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
    probs = softmax(sorted_logits, dim=-1)
    mass_before = torch.cumsum(probs, dim=-1) - probs  # probability of the tokens ranked above
    drop_sorted = mass_before >= p  # enough mass already: this token is not needed
    drop = drop_sorted.scatter(-1, order, drop_sorted)  # back to vocabulary order
    return logits.masked_fill(drop, float("-inf"))


def filtered_distribution(
    logits: torch.Tensor,
    temperature: float,
    top_k: int | None = None,
    top_p: float | None = None,
) -> torch.Tensor:
    """The probabilities sampling draws from: temperature, then top-k, then top-p, softmax.

    logits (..., V) -> probabilities (..., V), each row summing to 1; filtered tokens get
    exactly 0. temperature 0 is greedy: all the mass on the argmax (the first, on ties).
    top_k=None and top_p=None turn those filters off.

    >>> filtered_distribution(torch.tensor([3.0, 2.0, 1.0, 0.0]), 1.0, top_p=0.8)
    tensor([0.7311, 0.2689, 0.0000, 0.0000])
    """
    if temperature == 0:
        best = logits.argmax(dim=-1, keepdim=True)  # (..., 1)
        return torch.zeros_like(logits).scatter(-1, best, 1.0)
    logits = apply_temperature(logits, temperature)
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    return softmax(logits, dim=-1)


def sample_next_token(
    logits: torch.Tensor,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Draw one token id per row. logits (B, V) -> ids (B, 1), dtype long.

    temperature 0 is greedy (argmax). Otherwise: temperature, then top-k, then top-p (the
    order of Hugging Face transformers), softmax (`filtered_distribution`), and one draw
    with `torch.multinomial`.
    """
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"sample_next_token needs logits as a tensor, got {type(logits).__name__}"
                        ": make one with torch.tensor(logits)")
    if logits.dim() != 2:
        raise ValueError(
            f"sample_next_token needs logits of shape (batch, vocab), got shape "
            f"{tuple(logits.shape)}: for a single row of scores pass logits[None]; from a "
            "model's output (batch, T, vocab) take the last position, logits[:, -1, :]"
        )
    if torch.isnan(logits).any():
        raise ValueError(
            "the logits contain nan, so there is nothing to sample from: the model's weights "
            "or its input are broken (in training: lower the learning rate and train again)"
        )
    if temperature == 0:  # greedy: no draw, so the generator is left as it was
        return logits.argmax(dim=-1, keepdim=True)
    probs = filtered_distribution(logits, temperature, top_k, top_p)  # (B, V)
    return torch.multinomial(probs, num_samples=1, generator=generator)


Model = Callable[[torch.Tensor], torch.Tensor]


def check_prompt(idx: torch.Tensor, max_new_tokens: int, context_size: int = 1,
                 caller: str = "generate") -> None:
    """Fail, saying what to pass instead, unless idx (B, T) is a batch of integer prompts."""
    if not isinstance(idx, torch.Tensor):
        raise TypeError(f"{caller} needs idx as a tensor of token ids, got {type(idx).__name__}:"
                        " make one of shape (1, T) with torch.tensor([ids])")
    if idx.dim() != 2:
        raise ValueError(
            f"{caller} needs idx of shape (batch, T), got a {idx.dim()}-D tensor of shape "
            f"{tuple(idx.shape)}: " + ("add a batch dimension with idx[None] or idx.unsqueeze(0)"
                                       if idx.dim() == 1 else "make it with torch.tensor([ids])"))
    if idx.numel() == 0:
        raise ValueError(f"{caller} needs a prompt: give at least one token (idx has shape "
                         f"{tuple(idx.shape)}), e.g. a newline, "
                         "torch.tensor([tokenizer.encode('\\n')])")
    if idx.is_floating_point() or idx.is_complex() or idx.dtype == torch.bool:
        raise TypeError(f"{caller} needs integer token ids, got dtype {idx.dtype}: use idx.long()"
                        " or torch.tensor(ids, dtype=torch.long)")
    if not isinstance(context_size, int) or context_size < 1:
        raise ValueError(f"context_size must be a whole number >= 1, got {context_size!r}: the "
                         "model's window, usually model.config.block_size")
    if not isinstance(max_new_tokens, int) or max_new_tokens < 0:
        raise ValueError(f"max_new_tokens must be a whole number >= 0, got {max_new_tokens!r}: "
                         "how many tokens to add to each row")


def generate(
    model: Model,
    idx: torch.Tensor,
    max_new_tokens: int,
    context_size: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    eos_id: int | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Extend each row of idx (B, T) by up to `max_new_tokens` sampled tokens -> (B, T + n).

    The model maps ids (B, t) to logits (B, t, V) and sees at most the last `context_size`
    tokens. A row that produced `eos_id` is finished: it is padded with `eos_id`, and
    generation stops once every row is finished.
    """
    check_prompt(idx, max_new_tokens, context_size)  # a wrong call fails before the model runs

    def next_logits(idx: torch.Tensor) -> torch.Tensor:
        """The logits (B, V) of the token after idx (B, t): the model on its last window."""
        context = idx[:, -context_size:]
        logits = model(context)
        if not (isinstance(logits, torch.Tensor) and logits.dim() == 3
                and logits.shape[:2] == context.shape):
            got = (f"shape {tuple(logits.shape)}" if isinstance(logits, torch.Tensor)
                   else f"a {type(logits).__name__}")
            raise ValueError(
                "generate needs a model mapping ids (batch, T) to logits (batch, T, "
                f"vocab); given ids of shape {tuple(context.shape)} it returned {got}: "
                "return the logits of every position (wrap a model that returns "
                "(logits, loss) as lambda ids: model(ids)[0])")
        return logits[:, -1, :]  # (B, V) at the last position

    return sample_tokens(model, next_logits, idx, max_new_tokens, temperature, top_k, top_p,
                         eos_id, generator)


def sample_tokens(
    model: Model,
    next_logits: Callable[[torch.Tensor], torch.Tensor],
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float,
    top_k: int | None,
    top_p: float | None,
    eos_id: int | None,
    generator: torch.Generator | None,
) -> torch.Tensor:
    """The loop of `generate` and chapter 8's `generate_cached`: idx (B, T) -> (B, T + n).

    `next_logits` maps the ids so far (B, t) to the logits (B, V) of the next token; each
    step draws it with `sample_next_token`. The model runs in evaluation mode without
    gradients and gets its mode back afterwards. A row that produced `eos_id` is padded with
    it, and the loop stops once every row is finished.
    """
    was_training = getattr(model, "training", False)
    if hasattr(model, "eval"):
        model.eval()  # e.g. dropout off
    finished = torch.zeros(idx.size(0), dtype=torch.bool, device=idx.device)
    try:
        with torch.no_grad():
            for _ in range(max_new_tokens):
                next_id = sample_next_token(next_logits(idx), temperature, top_k, top_p,
                                            generator)
                if eos_id is not None:
                    next_id = next_id.masked_fill(finished[:, None], eos_id)
                    finished |= next_id[:, 0] == eos_id
                idx = torch.cat([idx, next_id], dim=1)
                if eos_id is not None and bool(finished.all()):
                    break
    finally:
        if was_training:
            model.train()
    return idx


def apply_penalties(
    logits: torch.Tensor,
    previous: torch.Tensor,
    repetition: float = 1.0,
    frequency: float = 0.0,
    presence: float = 0.0,
) -> torch.Tensor:
    """Lower the logits of the tokens that occur in `previous`, so that the text repeats less.

    logits (B, V), previous ids (B, T) -> logits (B, V). Three penalties, each off at its
    default; a token that does not occur in its row of `previous` keeps its logit.

    - repetition (the CTRL paper's, Hugging Face's `repetition_penalty`): the logit of a token
      seen at least once is divided by `repetition` if it is positive and multiplied by it if
      it is negative, so a value above 1 always lowers it;
    - frequency (OpenAI's `frequency_penalty`): subtract `frequency` times the number of times
      the token occurs, so every repetition costs more;
    - presence (OpenAI's `presence_penalty`): subtract `presence` once from every token that
      occurs at all, however often.

    >>> apply_penalties(torch.tensor([[2.0, -1.0, 0.5]]), torch.tensor([[0, 0, 1]]), repetition=2.0)
    tensor([[ 1.0000, -2.0000,  0.5000]])
    >>> apply_penalties(torch.tensor([[2.0, -1.0, 0.5]]), torch.tensor([[0, 0, 1]]),
    ...                 frequency=0.5, presence=1.0)
    tensor([[ 0.0000, -2.5000,  0.5000]])
    """
    if not (isinstance(logits, torch.Tensor) and logits.dim() == 2):
        raise ValueError("apply_penalties needs logits of shape (batch, vocab): from a model's "
                         "output (batch, T, vocab) take the last position, logits[:, -1, :]")
    if not (isinstance(previous, torch.Tensor) and previous.dim() == 2
            and previous.size(0) == logits.size(0)) or previous.is_floating_point():
        raise ValueError("apply_penalties needs previous as integer token ids of shape (batch, T)"
                         f", one row per row of logits ({logits.size(0)}): pass the ids so far")
    if not repetition > 0:
        raise ValueError(f"repetition must be greater than 0, got {repetition}: 1 turns it off, "
                         "values above 1 (such as 1.2) lower the logits of tokens already seen")
    counts = torch.zeros_like(logits).scatter_add_(
        1, previous.long(), torch.ones(previous.shape, dtype=logits.dtype, device=logits.device))
    seen = counts > 0
    # dividing a negative logit would raise it: multiply those instead, so both move down
    penalised = torch.where(logits > 0, logits / repetition, logits * repetition)
    logits = torch.where(seen, penalised, logits)
    return logits - frequency * counts - presence * seen.to(logits.dtype)
