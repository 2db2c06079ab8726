"""The chat template (chapter 9): a conversation as one sequence of token ids, and a loss on
the answers only.

A chat model is a GPT like any other: it still predicts the next token. What makes it answer
instead of continuing is the data it was fine-tuned on, written in a fixed template:

    <|user|>Who speaks next? ...<|end|><|assistant|>ROMEO<|end|>

Each message is its role's special token, its text, and `<|end|>`. To ask, the conversation so
far is followed by `<|assistant|>` (`chat_prompt`); the model writes the answer, and
`generate` stops at `<|end|>` (its `eos_id`), where `cut_answer` cuts. In fine-tuning, only the
answer's tokens (and its `<|end|>`) count in the loss (`masked_loss`): the model learns to
answer, not to write questions.

Messages are dicts, {"role": "user" or "assistant", "content": text}, as chat APIs take them.
The tokenizer is one whose `special` maps "<|user|>", "<|assistant|>" and "<|end|>" to ids
(`tokenizers.BPETokenizer`); text is encoded with `encode`, which never makes special tokens.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

USER, ASSISTANT, END = "<|user|>", "<|assistant|>", "<|end|>"
SPECIAL_TOKENS = (USER, ASSISTANT, END)  # the special tokens a chat tokenizer is given
ROLE_TOKENS = {"user": USER, "assistant": ASSISTANT}


def format_chat(messages: list[dict[str, str]], tokenizer) -> tuple[list[int], list[bool]]:
    """A conversation -> (ids, is_answer): its token ids, and for each id whether the model
    must learn to write it (an assistant message's text and its `<|end|>`; not the role
    tokens, not the user's words).

    >>> from pixels_to_gpt.tokenizers import BPETokenizer
    >>> tok = BPETokenizer({}, [USER, ASSISTANT, END])  # bytes only: ids 256, 257, 258 special
    >>> format_chat([{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}],
    ...             tok)
    ([256, 72, 105, 258, 257, 89, 111, 258], [False, False, False, False, False, True, True, True])
    """
    ids: list[int] = []
    is_answer: list[bool] = []
    for message in messages:
        role = message["role"]
        if role not in ROLE_TOKENS:
            raise ValueError(f"unknown role {role!r}: a message's role is 'user' or 'assistant'")
        text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
        ids += [tokenizer.special[ROLE_TOKENS[role]]] + text
        is_answer += [False] + [role == "assistant"] * len(text)
    return ids, is_answer


def chat_prompt(messages: list[dict[str, str]], tokenizer) -> list[int]:
    """The ids that ask for the next answer: the conversation so far, then `<|assistant|>`."""
    ids, _ = format_chat(messages, tokenizer)
    return ids + [tokenizer.special[ASSISTANT]]


def cut_answer(generated: list[int] | torch.Tensor, end_id: int) -> list[int]:
    """The answer's ids: what was generated before the first `end_id` (all, if none came).

    `generated` is a list of ids or a 1-D tensor; the answer is a list of ints."""
    generated = generated.tolist() if isinstance(generated, torch.Tensor) else list(generated)
    return generated[: generated.index(end_id)] if end_id in generated else generated


def masked_loss(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over the positions where `mask` is True: (B, T, V), (B, T), (B, T).

    Every answer token weighs the same, however the answers are spread over the batch (a mean
    per row first would weigh a short answer's tokens more). A mask with no True anywhere
    gives nan: there is no answer token to average over.
    """
    losses = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="none")
    mask = mask.flatten().to(losses.dtype)
    return (losses * mask).sum() / mask.sum()
