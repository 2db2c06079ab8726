"""Chapter 9's outside checks: the chat template, cutting an answer at its end, the masked loss.

The cases follow the hidden tests (and are no stricter). The sandbox has no course package,
so the tokenizer is a small one of its own (bytes, a few merges, the three special tokens
after them, their ids moved by the seed drawn for each submission: no answer can hard-code
them). Expected values come from `pixels_to_gpt.chat`, computed outside the sandbox.
`cut_answer` is run by a driver that reads a list returned for a tensor as plain ints (the
contract asks for a list, not for ints of one kind or another).
"""

from __future__ import annotations

from pixels_to_gpt_grader.verdict import Assignment, Case, Question

FIXTURES = '''
class Tokenizer:
    """Bytes (ids 0-255), `merges` (pairs of ids) as ids 256, 257, ..., then the special
    tokens. Like the course's BPETokenizer, `encode` never makes a special token."""

    def __init__(self, merges, shift=0):
        self.merges = list(merges)
        first = 256 + len(self.merges) + shift
        self.special = {"<|user|>": first, "<|assistant|>": first + 1, "<|end|>": first + 2}

    def encode(self, text):
        if not isinstance(text, str):
            raise TypeError(f"encode takes text (a str), got {type(text).__name__}")
        ids = list(text.encode("utf-8"))
        for new, pair in enumerate(self.merges, start=256):
            out, i = [], 0
            while i < len(ids):
                if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
                    out.append(new)
                    i += 2
                else:
                    out.append(ids[i])
                    i += 1
            ids = out
        return ids


def tokenizer():
    """This submission's tokenizer: "hi", " hi" and "ou" merged, the special ids moved."""
    return Tokenizer([(104, 105), (32, 256), (111, 117)], shift=SEED % 37)


def end_id():
    return tokenizer().special["<|end|>"]


def ids(n, offset):
    """n random ids below the special ones, for this submission."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randint(0, 256, (n,), generator=g).tolist()


def cut(function, generated, end):
    """cut_answer(generated, end); a list it returns for a tensor is read as plain ints."""
    out = function(generated, end)
    if isinstance(generated, torch.Tensor) and isinstance(out, list):
        return [int(i) for i in out]
    return out


def batch(b, t, v, offset, dtype=torch.float32):
    """Random logits (b, t, v) and targets (b, t) for this submission."""
    g = torch.Generator().manual_seed(SEED + offset)
    logits = torch.randn(b, t, v, generator=g, dtype=dtype) * 2
    return logits, torch.randint(0, v, (b, t), generator=g)


def mask_of(rows):
    return torch.tensor(rows, dtype=torch.bool)
'''


def _conversation(*turns: tuple[str, str]) -> str:
    return "[" + ", ".join(f"{{'role': {r!r}, 'content': {c!r}}}" for r, c in turns) + "]"


CONVERSATIONS = {  # case id -> (messages, what the student's message says)
    "one_turn": (_conversation(("user", "hi, who are you?"), ("assistant", "ROMEO, you hi.")),
                 "one question and its answer"),
    "turns": (_conversation(("user", "Who?"), ("assistant", "Juliet."), ("user", "And you?"),
                            ("assistant", "Romeo, hi ho!")), "two questions and their answers"),
    "empty_answer": (_conversation(("user", "Say nothing."), ("assistant", "")),
                     "an empty answer"),
    "literal_end": (_conversation(("user", "type <|end|> or <|assistant|>"),
                                  ("assistant", "ok: <|end|>")),
                    "texts that contain the characters '<|end|>'"),
    "question_only": (_conversation(("user", "Where art thou?")), "a question alone"),
    "unicode": (_conversation(("user", "café?"), ("assistant", "Oui, café.")),
                "texts with accents"),
    "two_answers": (_conversation(("assistant", "One."), ("assistant", "Two.")),
                    "two answers in a row"),
    "empty": ("[]", "no messages"),
}


def _format_cases() -> tuple[Case, ...]:
    cases = [Case(name, f"({messages}, tokenizer())", says, compare="exact")
             for name, (messages, says) in CONVERSATIONS.items()]
    cases.append(Case("system", f"({_conversation(('system', 'Be brief.'))}, tokenizer())",
                      "a message whose role is 'system'", compare="raises"))
    return tuple(cases)


def _cut_cases() -> tuple[Case, ...]:
    return (
        Case("no_end", "(ids(7, 1), end_id())", "ids without the end id", compare="exact"),
        Case("middle", "(ids(3, 2) + [end_id()] + ids(4, 3), end_id())",
             "3 ids, the end id, 4 more", compare="exact"),
        Case("first", "([end_id()] + ids(3, 4), end_id())", "the end id first",
             compare="exact"),
        Case("several", "(ids(2, 5) + [end_id()] + ids(2, 6) + [end_id(), end_id()], end_id())",
             "several end ids", compare="exact"),
        Case("last", "(ids(5, 7) + [end_id()], end_id())", "the end id last", compare="exact"),
        Case("nothing", "([], end_id())", "an empty list", compare="exact"),
        Case("tensor", "(torch.tensor(ids(3, 8) + [end_id()] + ids(2, 9) + [end_id()]), "
             "end_id())", "a 1-D tensor with two end ids", compare="exact"),
        Case("tensor_no_end", "(torch.tensor(ids(4, 10)), end_id())",
             "a 1-D tensor without the end id", compare="exact"),
    )


MASKS = {  # case id -> (batch arguments, mask rows, what the student's message says)
    "uneven": ("3, 5, 7, 11", [[0, 0, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 1]],
               "answers of different lengths"),
    "padding": ("3, 4, 6, 12", [[0, 1, 1, 1], [0, 0, 0, 0], [1, 1, 0, 0]],
                "a padding row with no answer token"),
    "one": ("2, 6, 5, 13", [[0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0]], "one answer token"),
    "all": ("2, 3, 9, 14", [[1, 1, 1], [1, 1, 1]], "a mask that is True everywhere"),
    "first_last": ("1, 8, 4, 15", [[1, 0, 0, 0, 0, 0, 0, 1]],
                   "answer tokens first and last"),
}


def _loss_cases() -> tuple[Case, ...]:
    cases = [Case(name, f"(*batch({shape}), mask_of({rows}))", says, rtol=1e-4, atol=1e-5)
             for name, (shape, rows, says) in MASKS.items()]
    cases += [Case("float64", f"(*batch({MASKS['uneven'][0]}, dtype=torch.float64), "
                   f"mask_of({MASKS['uneven'][1]}))", "float64 logits", rtol=1e-9, atol=1e-12),
              Case("float64_padding", f"(*batch({MASKS['padding'][0]}, dtype=torch.float64), "
                   f"mask_of({MASKS['padding'][1]}))", "float64 logits and a padding row",
                   rtol=1e-9, atol=1e-12)]
    return tuple(cases)


CHECKS = Assignment(
    reference="pixels_to_gpt.chat",
    prelude=('import torch\nimport torch.nn.functional as F\n\n'
             'USER, ASSISTANT, END = "<|user|>", "<|assistant|>", "<|end|>"\n'
             'ROLE_TOKENS = {"user": USER, "assistant": ASSISTANT}\n\ntorch.manual_seed(0)\n'),
    fixtures=FIXTURES,
    questions=(
        Question("test_format_chat", "format_chat", _format_cases()),
        Question("test_cut_answer", "cut_answer", _cut_cases(), driver="cut"),
        Question("test_masked_loss", "masked_loss", _loss_cases()),
    ),
)
