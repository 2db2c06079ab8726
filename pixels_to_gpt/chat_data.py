"""Questions and answers built from Tiny Shakespeare itself: chapter 9's fine-tuning data.

The corpus is a sequence of speeches, each a speaker's name and a colon on a line of its own,
then what they say. From each run of three speeches in a row come two tasks:

- **Who speaks next?** Two speeches' first lines, with their speakers; the answer is the name
  of the third speaker. It has a right answer, often (not always) the first of the two.
- **Answer as ...** What one speaker says; the answer is the next speaker's real reply (its
  first line). No single right answer: what counts is that the reply comes in the format.

Fine-tuning uses the training text's speeches; the held-out questions come from the validation
text (other plays, other names), which neither training nor fine-tuning ever saw.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

SPEAKER = re.compile(r"[A-Z][A-Za-z' ]*[A-Za-z]")  # "ROMEO", "KING RICHARD III", "Nurse"


@dataclass(frozen=True)
class Speech:
    speaker: str
    line: str  # its first line


@dataclass(frozen=True)
class Question:
    """One conversation to fine-tune on or to ask: the user's text and the expected answer."""

    task: str  # "next speaker" or "answer as"
    prompt: str
    answer: str


def speeches(text: str) -> list[Speech]:
    """Every speech of `text` (blocks between blank lines that start with "NAME:")."""
    found = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if len(lines) >= 2 and lines[0].endswith(":") and SPEAKER.fullmatch(lines[0][:-1]):
            found.append(Speech(lines[0][:-1], lines[1].strip()))
    return found


def questions(text: str) -> list[Question]:
    """Both tasks for every three speeches in a row of `text`, in the text's order."""
    found = []
    said = speeches(text)
    for a, b, c in zip(said, said[1:], said[2:], strict=False):
        found.append(Question("next speaker", f"Who speaks next?\n{a.speaker}: {a.line}\n"
                              f"{b.speaker}: {b.line}", c.speaker))
        found.append(Question("answer as", f"{a.speaker} says: {a.line}\nAnswer as {b.speaker}.",
                              b.line))
    return found


def messages(question: Question, with_answer: bool = True) -> list[dict[str, str]]:
    """The question as chat messages (`chat.format_chat`), with its answer or without."""
    chat = [{"role": "user", "content": question.prompt}]
    if with_answer:
        chat.append({"role": "assistant", "content": question.answer})
    return chat


def well_formed(question: Question, answer: str, finished: bool) -> bool:
    """Whether a generated answer has the task's form: it ended with `<|end|>` (`finished`),
    and is a speaker's name ("next speaker") or one line of speech ("answer as")."""
    if not finished or not answer.strip():
        return False
    if question.task == "next speaker":
        return SPEAKER.fullmatch(answer) is not None
    return "\n" not in answer and not re.match(rf"{SPEAKER.pattern}:", answer)


def held_out(text: str, n: int, seed: int = 0) -> list[Question]:
    """`n` questions of each task from `text`, drawn with a seed (the same ones every run)."""
    rng = random.Random(seed)
    every = questions(text)
    return [q for task in ("next speaker", "answer as")
            for q in rng.sample([q for q in every if q.task == task], n)]
