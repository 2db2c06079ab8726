"""The grader's own check outside the kernel (`verdict.py`) is as honest as the hidden tests.

For every assignment with outside checks, one recorder run in the sandbox judges the
reference answers, the untouched release and every catalogue variant: the reference passes
every question, the release none, every wrong variant fails on its own question (unless it
breaks only a rule the kernel checks, `# outside: rule`) and nowhere else, and every correct
variant, however written, passes everything. Then the parts: records, comparisons, the
lower of two scores, and what the sandbox of the check hides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from course_root import REPO, assignments

from pixels_to_gpt_grader import recorder, verdict
from pixels_to_gpt_grader.catalogue import load_catalogue
from pixels_to_gpt_grader.course import Course
from pixels_to_gpt_grader.sandbox import bwrap_path

CHECKED = [a for a in assignments() if verdict.checks_for(a) is not None]


def _sandboxed() -> bool:
    if bwrap_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install bubblewrap (apt-get install -y bubblewrap)")
        return False
    return True


def _judged(assignment: str, root: Path):
    course = Course.create(root, REPO, assignment)
    catalogue = load_catalogue(REPO / "tests" / "catalogue" / assignment)
    notebooks = {"reference": course.submission(),
                 "untouched": course.submission(use_reference=False)}
    for variant in catalogue:
        notebooks[f"{variant.kind}-{variant.name}"] = course.submission(variant.answers)
    verdicts = verdict.check_notebooks(assignment, notebooks, sandbox=_sandboxed(), seed=20261201)
    return catalogue, verdicts


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """assignment -> (catalogue, verdicts): one sandboxed run per assignment, shared by its
    tests (the folder is made once, on the first call, so the cache holds)."""
    return cache(lambda a: _judged(a, tmp_path_factory.mktemp(a)))


def _failed(v: verdict.Verdict) -> set[str]:
    return {q for q, message in v.failures.items() if message}


def test_every_assignment_has_outside_checks():
    assert CHECKED == assignments(), f"no outside checks for {set(assignments()) - set(CHECKED)}"


@pytest.mark.parametrize("assignment", CHECKED)
def test_the_catalogue_is_judged_outside_as_it_deserves(assignment, judged):
    catalogue, verdicts = judged(assignment)
    checks = verdict.checks_for(assignment)
    questions = {q.test for q in checks.questions}
    assert not _failed(verdicts["reference"]), verdicts["reference"].failures
    assert _failed(verdicts["untouched"]) == questions
    problems = []
    for variant in catalogue:
        failed = _failed(verdicts[f"{variant.kind}-{variant.name}"])
        if variant.kind == "correct":
            if failed:
                problems.append(f"correct {variant.name} fails {sorted(failed)}")
            continue
        own = set(variant.questions)
        if not variant.rule_only and not own <= failed:
            problems.append(f"wrong {variant.name} passes {sorted(own - failed)} outside")
        if variant.rule_only and own & failed:
            problems.append(f"rule-only {variant.name} fails {sorted(own & failed)} outside")
        if not variant.tampering and failed - own:
            problems.append(f"wrong {variant.name} also fails {sorted(failed - own)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment", CHECKED)
def test_the_messages_say_what_went_wrong(assignment, judged):
    _, verdicts = judged(assignment)
    for question, message in verdicts["untouched"].failures.items():
        assert "NotImplementedError" in message, (question, message)


# ------------------------------------------------------------------------------- parts
def test_a_record_is_plain_data():
    import torch

    assert recorder.encode(torch.tensor([[1.0, float("-inf")]])) == {
        "tensor": "float32", "shape": [1, 2], "values": [1.0, float("-inf")]}
    assert recorder.encode((1, "a", None)) == {"py": "tuple", "items": [
        {"py": "int", "value": 1}, {"py": "str", "value": "a"}, {"py": "NoneType", "value": None}]}
    assert recorder.encode(object()) == {"py": "other", "type": "object"}
    big = recorder.encode(torch.zeros(1000), digest_above=256)
    assert "values" not in big and len(big["sha256"]) == 64


def test_values_are_compared_by_dtype_shape_and_tolerance():
    import torch

    want = recorder.encode(torch.tensor([0.25, float("-inf")]))
    assert verdict.same(recorder.encode(torch.tensor([0.2500001, float("-inf")])), want)
    assert not verdict.same(recorder.encode(torch.tensor([0.26, float("-inf")])), want)
    assert not verdict.same(recorder.encode(torch.tensor([0.25, -1e9])), want)
    assert not verdict.same(recorder.encode(torch.tensor([0.25, float("-inf")],
                                                         dtype=torch.float64)), want)
    assert not verdict.same(recorder.encode(torch.tensor([[0.25, float("-inf")]])), want)
    assert not verdict.same({"tensor": "float32", "shape": [2]}, want)  # a forged record
    assert not verdict.same(recorder.encode(3.0), recorder.encode(3))  # a float for an int


def test_the_lower_score_counts_and_a_refuted_pass_is_flagged():
    kernel = {"test_a": {"auto_score": 3.0, "max_score": 3.0},
              "test_b": {"auto_score": 0.0, "max_score": 2.0},
              "test_c": {"auto_score": 1.0, "max_score": 1.0}}
    found = verdict.Verdict({"test_a": "softmax(...) returned nan", "test_b": "wrong",
                             "test_c": None})
    scores, flags, messages = verdict.combine(kernel, found)
    assert {k: v["auto_score"] for k, v in scores.items()} == {
        "test_a": 0.0, "test_b": 0.0, "test_c": 1.0}
    assert len(flags) == 1 and "test_a" in flags[0] and "returned nan" in flags[0]
    assert set(messages) == {"test_a", "test_b"}
    # a check that could not run at all takes every point it judges, and says why
    broken = verdict.Verdict(error="the grader's own check could not run (timeout)")
    scores, flags, _ = verdict.combine(kernel, broken)
    assert all(v["auto_score"] == 0 for v in scores.values()) and len(flags) == 2


def test_the_checks_sandbox_has_no_reference_answers(tmp_path):
    if not _sandboxed():
        pytest.skip("bubblewrap is not installed")
    from pixels_to_gpt_grader.sandbox import bwrap_command, package_dirs, python_dirs

    source = REPO / "pixels_to_gpt" / "sampling.py"
    code = f"""
import importlib, os
for name in ("pixels_to_gpt.sampling", "pixels_to_gpt.grading.oracles", "pixels_to_gpt"):
    try:
        importlib.import_module(name)
        print("IMPORTED", name)
    except ImportError:
        print("NO", name)
print("SOURCE", os.path.exists({str(source)!r}))
for secret in ("/etc/shadow", "/root"):
    print("SEES", secret, os.path.exists(secret))
"""
    command = bwrap_command([sys.executable, "-I", "-c", code], str(tmp_path), [],
                            [*python_dirs(), str(tmp_path)], hidden=package_dirs())
    out = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    assert "IMPORTED" not in out and out.count("NO ") == 3, out
    assert "SOURCE False" in out and "SEES /etc/shadow False" in out, out
