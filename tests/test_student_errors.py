"""The errors a student meets in the package's public functions say what went wrong and what
to do, in the student's words (shapes, ids, paths), not a bare IndexError from deep inside."""

from __future__ import annotations

import re

import pytest
import torch

from pixels_to_gpt.checkpoint import SHAKESPEARE_CHECKPOINT, load_checkpoint, save_checkpoint
from pixels_to_gpt.kv_cache import generate_cached
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.sampling import (
    apply_temperature,
    generate,
    sample_next_token,
    top_k_filter,
    top_p_filter,
)
from pixels_to_gpt.tokenizers import CharTokenizer, gpt2_encoding


def counting_model(ids: torch.Tensor) -> torch.Tensor:
    """After token t comes (t + 1) % 10: ids (B, T) -> logits (B, T, 10)."""
    return torch.nn.functional.one_hot((ids + 1) % 10, 10).float() * 100


PROMPT = torch.tensor([[1, 2]])


def message_of(call, kind: type[Exception]) -> str:
    with pytest.raises(kind) as error:
        call()
    return str(error.value)


def assert_says(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} missing from the message:\n{message}"


# (what the student did, the call, the exception, what the message must say)
GENERATE_MISTAKES = [
    ("a 1-D prompt", lambda: generate(counting_model, torch.tensor([1, 2, 3, 4, 5]), 3, 8),
     ValueError, ["shape (batch, T)", "1-D tensor of shape (5,)",
                  "add a batch dimension with idx[None] or idx.unsqueeze(0)"]),
    ("a 0-D prompt", lambda: generate(counting_model, torch.tensor(4), 3, 8),
     ValueError, ["shape (batch, T)", "0-D tensor of shape ()", "torch.tensor([ids])"]),
    ("an empty prompt",
     lambda: generate(counting_model, torch.zeros(1, 0, dtype=torch.long), 3, 8),
     ValueError, ["give at least one token", "shape (1, 0)", "a newline"]),
    # what torch.tensor([tokenizer.encode("")]) makes: empty and float at once
    ("an empty float prompt", lambda: generate(counting_model, torch.tensor([[]]), 3, 8),
     ValueError, ["give at least one token"]),
    ("a float prompt", lambda: generate(counting_model, torch.tensor([[1.0, 2.0]]), 3, 8),
     TypeError, ["integer token ids", "torch.float32", "idx.long()"]),
    ("a list as the prompt", lambda: generate(counting_model, [[1, 2]], 3, 8),
     TypeError, ["tensor of token ids", "got list", "torch.tensor([ids])"]),
    ("context_size=0", lambda: generate(counting_model, PROMPT, 3, 0),
     ValueError, ["context_size must be a whole number >= 1, got 0", "model.config.block_size"]),
    ("a float context_size", lambda: generate(counting_model, PROMPT, 3, 8.0),
     ValueError, ["context_size must be a whole number >= 1, got 8.0"]),
    ("max_new_tokens=-3", lambda: generate(counting_model, PROMPT, -3, 8),
     ValueError, ["max_new_tokens must be a whole number >= 0, got -3", "how many tokens"]),
    ("a model returning (logits, loss)",
     lambda: generate(lambda ids: (counting_model(ids), None), PROMPT, 3, 8),
     ValueError, ["logits (batch, T, vocab)", "given ids of shape (1, 2) it returned a tuple",
                  "lambda ids: model(ids)[0]"]),
    ("a model returning only the last position",
     lambda: generate(lambda ids: counting_model(ids)[:, -1], PROMPT, 3, 8),
     ValueError, ["it returned shape (1, 10)", "return the logits of every position"]),
    ("a negative temperature", lambda: generate(counting_model, PROMPT, 3, 8, temperature=-1),
     ValueError, ["greater than 0, got -1", "temperature=0", "greedy"]),
    ("top_k=0", lambda: generate(counting_model, PROMPT, 3, 8, top_k=0),
     ValueError, ["k >= 1, got k=0", "k=1 keeps only the most likely token", "top_k=None"]),
    ("top_p out of range", lambda: generate(counting_model, PROMPT, 3, 8, top_p=1.5),
     ValueError, ["0 < p <= 1, got p=1.5", "e.g. 0.9", "top_p=None"]),
]

SAMPLING_MISTAKES = [
    ("1-D logits", lambda: sample_next_token(torch.randn(10)),
     ValueError, ["shape (batch, vocab)", "got shape (10,)", "logits[None]"]),
    ("a model's 3-D output", lambda: sample_next_token(torch.randn(1, 4, 10)),
     ValueError, ["got shape (1, 4, 10)", "logits[:, -1, :]"]),
    ("a list of logits", lambda: sample_next_token([[0.1, 0.2]]),
     TypeError, ["logits as a tensor, got list"]),
    ("logits with nan", lambda: sample_next_token(torch.tensor([[0.0, float("nan")]])),
     ValueError, ["contain nan", "lower the learning rate"]),
    ("temperature 0 in apply_temperature",
     lambda: apply_temperature(torch.tensor([1.0]), 0),
     ValueError, ["greater than 0, got 0", "temperature=0 to sample_next_token or generate"]),
    ("a float k", lambda: top_k_filter(torch.randn(1, 5), 2.5),
     ValueError, ["whole number k >= 1, got k=2.5"]),
    ("p = 0", lambda: top_p_filter(torch.randn(1, 5), 0),
     ValueError, ["0 < p <= 1, got p=0", "p=1 keeps every token"]),
]


@pytest.mark.parametrize("what, call, kind, says", GENERATE_MISTAKES + SAMPLING_MISTAKES,
                         ids=[m[0] for m in GENERATE_MISTAKES + SAMPLING_MISTAKES])
def test_sampling_mistakes_say_what_to_do(what, call, kind, says):
    assert_says(message_of(call, kind), *says)


def test_a_wrong_call_fails_before_the_model_runs_and_leaves_it_as_it_was():
    model = GPT(GPTConfig(vocab_size=10, block_size=8, n_layer=1, n_head=1, n_embd=8))
    model.train()
    with pytest.raises(ValueError, match="add a batch dimension"):
        generate(model, torch.tensor([1, 2]), 3, 8)
    assert model.training


TINY_GPT = GPT(GPTConfig(vocab_size=10, block_size=8, n_layer=1, n_head=1, n_embd=8))

# generate_cached (chapter 8) takes the same prompts as generate and says so in its own name.
CACHED_MISTAKES = [
    ("a 1-D prompt", lambda: generate_cached(TINY_GPT, torch.tensor([1, 2]), 3),
     ValueError, ["generate_cached needs idx of shape (batch, T)", "idx[None]"]),
    ("an empty prompt", lambda: generate_cached(TINY_GPT, torch.zeros(1, 0, dtype=torch.long), 3),
     ValueError, ["generate_cached needs a prompt", "at least one token"]),
    ("a float prompt", lambda: generate_cached(TINY_GPT, torch.tensor([[1.0, 2.0]]), 3),
     TypeError, ["integer token ids", "idx.long()"]),
    ("a list as the prompt", lambda: generate_cached(TINY_GPT, [[1, 2]], 3),
     TypeError, ["generate_cached needs idx as a tensor", "torch.tensor([ids])"]),
    ("max_new_tokens=-3", lambda: generate_cached(TINY_GPT, PROMPT, -3),
     ValueError, ["max_new_tokens must be a whole number >= 0, got -3"]),
    ("a negative temperature", lambda: generate_cached(TINY_GPT, PROMPT, 3, temperature=-1),
     ValueError, ["temperature"]),
]


@pytest.mark.parametrize("what, call, kind, says", CACHED_MISTAKES,
                         ids=[m[0] for m in CACHED_MISTAKES])
def test_cached_generation_mistakes_say_what_to_do(what, call, kind, says):
    assert_says(message_of(call, kind), *says)


def test_zero_new_tokens_is_allowed_and_returns_the_prompt():
    assert torch.equal(generate(counting_model, PROMPT, 0, 8), PROMPT)


CHARS = CharTokenizer.from_text("hello world\n")  # 9 characters: '\n', ' ', d e h l o r w

TOKENIZER_MISTAKES = [
    ("an id outside the vocabulary", lambda: CHARS.decode([1, 70]),
     ValueError, ["token id 70 (at position 1)", "vocabulary of 9 ids (0 to 8)"]),
    ("a negative id", lambda: CHARS.decode([-1]),
     ValueError, ["token id -1", "vocabulary of 9 ids"]),
    ("generate's (1, T) output", lambda: CHARS.decode(torch.tensor([[1, 2]])),
     ValueError, ["one sequence of ids", "shape (1, 2)", "decode(out[0].tolist())"]),
    ("a list of rows", lambda: CHARS.decode([[1, 2]]),
     TypeError, ["got [1, 2] (list) at position 0", "decode(out[0].tolist())"]),
    ("float ids", lambda: CHARS.decode(torch.tensor([1.0, 2.0])),
     TypeError, ["whole-number token ids", "got 1.0 (float)", ".long()"]),
    ("a single id", lambda: CHARS.decode(3),
     TypeError, ["a sequence of ids", "decode([3])"]),
    ("a single id in a tensor", lambda: CHARS.decode(torch.tensor(3)),
     TypeError, ["a single id in a 0-d Tensor", "decode([ids.item()])"]),
    ("text given to decode", lambda: CHARS.decode("hello"),
     TypeError, ["got a str", "encode turns text into ids"]),
    ("a character it does not know", lambda: CHARS.encode("hellO"),
     ValueError, ["['O']", "position 4", "vocabulary of 9 characters", "'\\n dehlorw'",
                  "characters seen in the training text"]),
    ("ids given to encode", lambda: CHARS.encode([1, 2]),
     TypeError, ["encode takes text (a str), got list", "decode"]),
]


@pytest.mark.parametrize("what, call, kind, says", TOKENIZER_MISTAKES,
                         ids=[m[0] for m in TOKENIZER_MISTAKES])
def test_char_tokenizer_mistakes_say_what_to_do(what, call, kind, says):
    assert_says(message_of(call, kind), *says)


def test_decode_still_takes_lists_tensors_and_numpy_ids():
    import numpy as np

    assert CHARS.decode(CHARS.encode("hello")) == "hello"
    ids = CHARS.encode("world")
    assert CHARS.decode(torch.tensor(ids)) == CHARS.decode(np.array(ids)) == "world"
    assert CHARS.decode([torch.tensor(i) for i in ids]) == "world"


def test_gpt2_decode_names_the_id_and_the_vocabulary():
    enc = gpt2_encoding()
    assert_says(message_of(lambda: enc.decode([15496, 60000]), ValueError),
                "token id 60000 (at position 1)", "vocabulary of 50257 ids (0 to 50256)")
    assert_says(message_of(lambda: enc.decode(torch.tensor([[15496, 11]])), ValueError),
                "shape (1, 2)", "decode one row at a time")
    assert_says(message_of(lambda: enc.encode(["Hello"]), TypeError), "encode takes text")
    assert enc.decode(torch.tensor([15496, 11, 995, 0])) == "Hello, world!"


def test_a_missing_checkpoint_names_the_path_and_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = message_of(lambda: load_checkpoint("nope.pt"), FileNotFoundError)
    assert_says(message, f"nope.pt (that is, {tmp_path / 'nope.pt'}) does not exist",
                "a file written by save_checkpoint(path, model, tokenizer, info)",
                "load_checkpoint() without a path",
                f"`python -m pixels_to_gpt train-checkpoint` writes it at {SHAKESPEARE_CHECKPOINT}")
    assert_says(message_of(lambda: load_checkpoint(tmp_path), FileNotFoundError),
                "is a folder, not a checkpoint file")


def test_the_missing_default_checkpoint_says_to_run_train_checkpoint(monkeypatch, tmp_path):
    import pixels_to_gpt.checkpoint as checkpoint

    gone = tmp_path / "checkpoints" / "shakespeare_char.pt"
    monkeypatch.setattr(checkpoint, "SHAKESPEARE_CHECKPOINT", gone)
    message = message_of(lambda: checkpoint.load_checkpoint(gone), FileNotFoundError)
    assert_says(message, f"{gone} does not exist", "Tiny Shakespeare model is missing",
                f"`python -m pixels_to_gpt train-checkpoint` writes it at {gone}")


def test_a_file_that_is_not_a_checkpoint_says_how_to_save_one(tmp_path):
    model = GPT(GPTConfig(vocab_size=5, block_size=8, n_layer=1, n_head=1, n_embd=8))
    torch.save(model.state_dict(), tmp_path / "weights.pt")
    (tmp_path / "notes.pt").write_text("not a checkpoint")
    for name in ("weights.pt", "notes.pt"):
        message = message_of(lambda n=name: load_checkpoint(tmp_path / n), ValueError)
        assert_says(message, f"{tmp_path / name} is not a checkpoint written by the course's "
                    "save_checkpoint", "save_checkpoint(path, model, tokenizer, info)")
    save_checkpoint(tmp_path / "good.pt", model, CharTokenizer("abcde"), {"val_loss": 1.0})
    assert load_checkpoint(tmp_path / "good.pt")[2] == {"val_loss": 1.0}


def test_every_message_is_one_readable_sentence_without_internals():
    """No message above is empty, cut short, or a bare repr of an index."""
    calls = GENERATE_MISTAKES + SAMPLING_MISTAKES + TOKENIZER_MISTAKES
    for what, call, kind, _ in calls:
        message = message_of(call, kind)
        assert len(message) > 40 and ": " in message, f"{what}: {message!r}"
        assert not re.search(r"too many indices|index \d+ is out of bounds", message), what
