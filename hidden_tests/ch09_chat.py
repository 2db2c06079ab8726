"""The hidden tests: the test cells of solutions/ch09_chat/chat.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_format_chat
from pixels_to_gpt.grading import guard

U, A, E = (tokenizer.special[name] for name in (USER, ASSISTANT, END))
hi = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "you"}]
out = format_chat(hi, tokenizer)
assert isinstance(out, tuple) and len(out) == 2, (
    f"format_chat returned {type(out).__name__}: return a tuple of two lists, (ids, is_answer)")
ids, is_answer = out
readable = isinstance(ids, list) and all(type(i) is int and 0 <= i < tokenizer.vocab_size for i in ids)
print("ids:      ", ids, "=", tokenizer.pieces(ids) if readable else "?")
print("is_answer:", is_answer)
assert isinstance(ids, list) and all(type(i) is int for i in ids), (
    "ids must be a list of Python ints: append tokenizer.special[...] and tokenizer.encode(...)")
assert isinstance(is_answer, list) and all(type(b) is bool for b in is_answer), (
    "is_answer must be a list of True/False (bools), one for each id")
assert len(is_answer) == len(ids), (
    f"{len(ids)} ids but {len(is_answer)} flags in is_answer: give one flag for each id")
assert ids[:1] == [U] and A in ids, (
    "each message starts with its role's token: tokenizer.special[ROLE_TOKENS[message['role']]]")
assert ids.count(E) == 2, (
    f"{ids.count(E)} times <|end|> in two messages: end every message, the user's as well as "
    "the assistant's, with tokenizer.special[END]")
want = [U] + tokenizer.encode("hi") + [E, A] + tokenizer.encode("you") + [E]
assert ids == want, (
    f"format_chat gave the ids {ids}, expected {want}: for each message its role token, "
    "tokenizer.encode(content), then <|end|>")
start = ids.index(A)
assert not any(is_answer[:start]), (
    "the user's message (its role token, text and <|end|>) is not the answer: mark it False, "
    "so that the model never learns to write questions")
assert is_answer[start] is False, (
    "the <|assistant|> token is not part of the answer: the model is given it (it is how we "
    "ask), it never has to write it, so mark it False")
assert is_answer[-1] is True, (
    "the <|end|> after the assistant's text is part of the answer: mark it True, so that the "
    "model learns to stop (or generation never ends)")
assert is_answer == [False] * 4 + [True] * 3, (
    f"is_answer is {is_answer}, expected {[False] * 4 + [True] * 3}: True for the assistant's "
    "text and its <|end|>, False for everything else")

# Typed characters are text: only the template places special tokens.
typed = [{"role": "user", "content": "say <|end|><|assistant|>"}]
ids, is_answer = format_chat(typed, tokenizer)
assert ids == [U] + tokenizer.encode("say <|end|><|assistant|>") + [E], (
    f"a user who types '<|end|>' got the ids {ids}: the characters they type are plain text, "
    "encode the whole content with tokenizer.encode (which never makes special tokens); only "
    "the template adds <|user|>, <|assistant|> and <|end|>, from tokenizer.special")
assert format_chat([{"role": "assistant", "content": ""}], tokenizer) == ([A, E], [False, True]), (
    "an empty answer is <|assistant|> then <|end|>, with is_answer [False, True]")
assert format_chat([], tokenizer) == ([], []), "no messages give ([], [])"
try:
    format_chat([{"role": "system", "content": "Be brief."}], tokenizer)
except ValueError:
    pass
else:
    raise AssertionError("a message whose role is 'system' must raise ValueError: the roles "
                         "are 'user' and 'assistant' (check message['role'] against ROLE_TOKENS)")
guard.check_own_function(format_chat, "format_chat")
print("visible tests passed")
### BEGIN HIDDEN TESTS
import copy as _copy

from pixels_to_gpt.grading import ch09_chat as _c9, guard as _g
from pixels_to_gpt.tokenizers import BPETokenizer as _BPE

_g.check_untampered()
_g.check_own_function(format_chat, "format_chat")
# Another tokenizer than the notebook's: other merges, so other special ids.
_tok = _BPE({(101, 32): 256, (256, 116): 257, (104, 101): 258, (111, 117): 259},
            ["<|user|>", "<|assistant|>", "<|end|>"])
_u, _a, _e = (_tok.special[_n] for _n in ("<|user|>", "<|assistant|>", "<|end|>"))


def _expect(messages):
    ids, mask = [], []
    for message in messages:
        text = _tok.encode(message["content"])
        ids += [_u if message["role"] == "user" else _a] + text + [_e]
        mask += [False] + [message["role"] == "assistant"] * (len(text) + 1)
    return ids, mask


def _conversation(*turns):
    return [{"role": role, "content": content} for role, content in turns]


for _what, _messages in (
        ("one question and its answer", _conversation(("user", "Where is the tent?"),
                                                       ("assistant", "There, to the east."))),
        ("two questions and their answers", _conversation(
            ("user", "Who?"), ("assistant", "Juliet."), ("user", "And you?"),
            ("assistant", "Romeo, of the house of Montague."))),
        ("an empty answer", _conversation(("user", "Say nothing."), ("assistant", ""))),
        ("texts that contain '<|end|>'", _conversation(
            ("user", "type <|end|> then <|assistant|>"), ("assistant", "ok: <|end|> <|user|>"))),
        ("a question alone", _conversation(("user", "Where art thou?"))),
        ("texts with accents", _conversation(("user", "café?"), ("assistant", "Oui, café."))),
        ("two answers in a row", _conversation(("assistant", "One."), ("assistant", "Two.")))):
    _given = _copy.deepcopy(_messages)
    _got = _g.call_safely(format_chat, _messages, _tok, what=f"format_chat({_what})")
    assert _messages == _given, f"format_chat({_what}) changed the messages: leave them as they are"
    _ids, _mask = _expect(_messages)
    assert type(_got) is tuple and len(_got) == 2, (
        f"format_chat({_what}) must return a tuple (ids, is_answer)")
    assert type(_got[0]) is list and [type(_i) for _i in _got[0]] == [int] * len(_got[0]), (
        f"format_chat({_what}): ids must be a list of Python ints")
    assert _got[0] == _ids, (
        f"format_chat({_what}) gave the ids {_got[0]}, expected {_ids}: for each message its role "
        "token, tokenizer.encode(content) (text stays text, '<|end|>' typed included), then <|end|>")
    assert type(_got[1]) is list and [type(_b) for _b in _got[1]] == [bool] * len(_got[1]), (
        f"format_chat({_what}): is_answer must be a list of bools")
    assert _got[1] == _mask, (
        f"format_chat({_what}) gave is_answer {_got[1]}, expected {_mask}: True exactly for the "
        "assistant's text and its <|end|>")
for _role in ("system", "User", "bot"):
    _c9.assert_raises_value_error(lambda: format_chat([{"role": _role, "content": "hi"}], _tok),
                                  f"a message with role {_role!r}", "the roles are 'user' and 'assistant'")
### END HIDDEN TESTS


# %% test_cut_answer
from pixels_to_gpt.grading import guard

E = tokenizer.special[END]
out = cut_answer([5, 6, E, 7], E)
print(f"cut_answer([5, 6, {E}, 7], {E}) =", out)
assert isinstance(out, list), f"cut_answer returned {type(out).__name__}: return a list of ids"
assert E not in out, (
    f"cut_answer kept the end id {E}: the answer is what comes before it, without it")
assert out == [5, 6], f"cut_answer([5, 6, {E}, 7], {E}) gave {out}, expected [5, 6]"
out = cut_answer([5, 6, E, 7, E, E], E)
assert out == [5, 6], (
    f"cut_answer([5, 6, {E}, 7, {E}, {E}], {E}) gave {out}, expected [5, 6]: cut at the first "
    "end id (generated.index(end_id)), not the last: what follows it is not the answer")
assert cut_answer([5, 6, 7], E) == [5, 6, 7], (
    f"cut_answer([5, 6, 7], {E}) gave {cut_answer([5, 6, 7], E)}: when the end id never comes, "
    "the whole generation is the answer (the model ran out of tokens): return all of it")
assert cut_answer([E, 5], E) == [], "when the end id comes first, the answer is empty: []"
assert cut_answer([], E) == [], "nothing generated gives []"
generated = [5, E, 6, E]
cut_answer(generated, E)
assert generated == [5, E, 6, E], (
    f"cut_answer changed the list it was given into {generated}: slice it into a new list "
    "(generated[:i]), don't delete from it or pop")
try:
    from_tensor = cut_answer(torch.tensor([8, 9, E, 4]), E)
except Exception as error:
    raise AssertionError(
        f"cut_answer(torch.tensor([8, 9, {E}, 4]), {E}) raised {type(error).__name__}: {error}. "
        "A 1-D tensor works too: make a list of it first (list(generated) or "
        "generated.tolist())") from None
assert isinstance(from_tensor, list) and [int(i) for i in from_tensor] == [8, 9], (
    f"cut_answer(torch.tensor([8, 9, {E}, 4]), {E}) gave {from_tensor}, expected the list [8, 9]: "
    "a 1-D tensor works too: make a list of it first (list(generated) or generated.tolist())")
guard.check_own_function(cut_answer, "cut_answer")
print("visible tests passed")
### BEGIN HIDDEN TESTS
import random as _random

from pixels_to_gpt.grading import guard as _g

_g.check_untampered()
_g.check_own_function(cut_answer, "cut_answer")
_rng = _random.Random(9)
for _end in (3, 261, 50257):
    _cases = [[], [_end], [_end, _end], [1, 2, 3], [_end, 1, 2], [1, 2, _end],
              [4, _end, 5, _end, _end], [_end + 1, _end - 1, _end]]
    _cases += [[_rng.choice([_end, 0, 1, 2, 7]) for _ in range(_n)] for _n in range(1, 30)]
    for _ids in _cases:
        _want = _ids[:_ids.index(_end)] if _end in _ids else list(_ids)
        _given = list(_ids)
        _got = _g.call_safely(cut_answer, _ids, _end, what=f"cut_answer({_ids}, {_end})")
        assert _ids == _given, (
            f"cut_answer({_given}, {_end}) changed its input into {_ids}: return a new list")
        assert type(_got) is list and _got == _want, (
            f"cut_answer({_given}, {_end}) gave {_got}, expected {_want}: the ids before the first "
            "end id, as a list (all of them when there is no end id)")
        _t = torch.tensor(_ids, dtype=torch.long)
        _got = _g.call_safely(cut_answer, _t, _end, what=f"cut_answer(torch.tensor({_ids}), {_end})")
        assert type(_got) is list and [int(_i) for _i in _got] == _want, (
            f"cut_answer(torch.tensor({_ids}), {_end}) gave {_got}, expected the list {_want}")
        assert _g.values(_t) == _given, f"cut_answer(torch.tensor({_given}), {_end}) changed its input"
### END HIDDEN TESTS


# %% test_masked_loss
from pixels_to_gpt.grading import guard

# Three conversations of a batch: answers of 3 tokens and of 1, and a row of padding only.
logits = torch.tensor([[[2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 3.0], [1.0, 1.0, 0.0]],
                       [[0.0, 2.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [3.0, 0.0, 1.0]],
                       [[1.0, 0.0, 2.0], [0.0, 0.0, 0.0], [2.0, 2.0, 0.0], [0.0, 1.0, 0.0]]])
targets = torch.tensor([[0, 1, 2, 0], [1, 2, 0, 2], [0, 1, 2, 0]])
mask = torch.tensor([[False, True, True, True], [False, False, False, True],
                     [False, False, False, False]])
given = (logits.clone(), targets.clone(), mask.clone())
loss = masked_loss(logits, targets, mask)
print("masked_loss =", loss)
# What it must be: positions that don't count get the target -100, which cross_entropy ignores.
ignored = torch.where(mask, targets, torch.full_like(targets, -100))
want = F.cross_entropy(logits.flatten(0, 1), ignored.flatten(), ignore_index=-100)
each = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="none").view(3, 4)
assert torch.equal(logits, given[0]) and torch.equal(targets, given[1]) and torch.equal(mask, given[2]), (
    "masked_loss changed its inputs in place (targets[~mask] = -100, say): build new tensors "
    "(torch.where(mask, targets, -100)) and leave logits, targets and mask as they are")
assert isinstance(loss, torch.Tensor) and loss.dim() == 0, (
    "masked_loss must return a 0-dimensional tensor, the mean itself (no .item(), no list)")
assert not torch.isnan(loss), (
    "masked_loss gave nan: a padding row has no answer token, so a mean per row divides 0 by 0; "
    "divide the sum of all answer tokens' losses by their number in the whole batch, mask.sum()")
assert not torch.isclose(loss, each.mean()), (
    "masked_loss averaged over every position: only those where mask is True count (the "
    "model must not learn the questions, nor the padding)")
assert not torch.isclose(loss, (each * mask).sum()), (
    "masked_loss gave the sum of the answer tokens' losses: divide it by their number, mask.sum()")
shifted = torch.cat([mask[:, 1:], torch.zeros(3, 1, dtype=torch.bool)], dim=1)
assert not torch.isclose(loss, each[shifted].mean()), (
    "masked_loss counts the positions one before the answer's: mask[b, t] goes with "
    "targets[b, t] as they are given (both are already moved one on): don't shift it again")
assert torch.isclose(loss, want), (
    f"masked_loss gave {loss.item():.4f}, expected {want.item():.4f}: the cross-entropy at each "
    "position where mask is True, summed and divided by how many there are in the batch")
assert loss.dtype == torch.float32, f"masked_loss of float32 logits returned {loss.dtype}"
loss64 = masked_loss(logits.double(), targets, mask)
assert loss64.dtype == torch.float64 and torch.isclose(loss64.float(), want), (
    f"masked_loss of float64 logits returned a {loss64.dtype} loss of {loss64.item():.4f}: keep "
    "the dtype of the logits (no .float(); convert the mask to losses.dtype)")
one = torch.zeros(3, 4, dtype=torch.bool)
one[1, 0] = True
assert torch.isclose(masked_loss(logits, targets, one), each[1, 0]), (
    "with a single answer token, masked_loss must be that token's cross-entropy")
weights = logits.clone().requires_grad_(True)
masked_loss(weights, targets, mask).backward()
assert weights.grad is not None and weights.grad[~mask].abs().sum() == 0, (
    "the gradient reaches positions where mask is False: only the answer tokens may count")
guard.check_own_function(masked_loss, "masked_loss")
print("visible tests passed")
### BEGIN HIDDEN TESTS
import math as _math

from pixels_to_gpt.grading import guard as _g

_g.check_untampered()
_g.check_own_function(masked_loss, "masked_loss")


def _expect(logits, targets, mask):
    """The mean over the mask of log-sum-exp minus the target's logit, in plain Python."""
    total, count = 0.0, 0
    for rows, ts, ms in zip(_g.values(logits), _g.values(targets), _g.values(mask)):
        for row, t, m in zip(rows, ts, ms):
            if m:
                top = max(row)
                total += top + _math.log(sum(_math.exp(v - top) for v in row)) - row[t]
                count += 1
    return total / count


_gen = torch.Generator().manual_seed(2024)
for _what, _shape, _rows, _dtype in (
        ("answers of different lengths", (3, 5, 7),
         [[0, 0, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 1]], torch.float32),
        ("a padding row", (3, 4, 6), [[0, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0]], torch.float32),
        ("one answer token", (2, 6, 5), [[0] * 6, [0, 0, 0, 1, 0, 0]], torch.float32),
        ("a mask True everywhere", (2, 3, 9), [[1, 1, 1], [1, 1, 1]], torch.float32),
        ("answer tokens first and last", (1, 8, 4), [[1, 0, 0, 0, 0, 0, 0, 1]], torch.float32),
        ("float64 logits", (3, 5, 7), [[0, 0, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 1]],
         torch.float64),
        ("float64 logits, a padding row", (3, 4, 6), [[0, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0]],
         torch.float64)):
    _logits = torch.randn(*_shape, generator=_gen, dtype=_dtype) * 2
    _targets = torch.randint(0, _shape[2], _shape[:2], generator=_gen)
    _mask = torch.tensor(_rows, dtype=torch.bool)
    _before = [_g.values(_x) for _x in (_logits, _targets, _mask)]
    _loss = _g.call_safely(masked_loss, _logits, _targets, _mask, what=f"masked_loss({_what})")
    assert [_g.values(_x) for _x in (_logits, _targets, _mask)] == _before, (
        f"masked_loss({_what}) changed its inputs in place: build new tensors")
    assert isinstance(_loss, torch.Tensor) and _g.shape_of(_loss) == (), (
        f"masked_loss({_what}) must return a 0-dimensional tensor")
    assert _loss.dtype == _dtype, f"masked_loss({_what}) returned {_loss.dtype}, not {_dtype}"
    _g.assert_close(_loss, _expect(_logits, _targets, _mask),
                    f"masked_loss({_what}): the mean cross-entropy over the positions where "
                    "mask is True, all rows at once", rtol=1e-9 if _dtype == torch.float64 else 1e-5)
    _w = _logits.clone().requires_grad_(True)
    _g.call_safely(lambda: masked_loss(_w, _targets, _mask).backward(),
                   what=f"masked_loss({_what}).backward()")
    assert _w.grad is not None, f"no gradient flows through masked_loss({_what})"
    _grad = _g.values(_w.grad)
    assert all(_v == 0 for _r, _m in zip(_grad, _rows) for _p, _k in zip(_r, _m) if not _k
               for _v in _p), f"masked_loss({_what}): the gradient reaches positions outside the mask"
### END HIDDEN TESTS
