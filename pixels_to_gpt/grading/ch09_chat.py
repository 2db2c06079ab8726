"""What the hidden tests of chapter 9 (chat) share.

Runs in the student's kernel at grading time, imported by the hidden part of a test cell after
its `check_untampered()`; not shipped to students (their edition keeps only the grading
modules they validate with).
"""

from __future__ import annotations

from collections.abc import Callable


def assert_raises_value_error(call: Callable[[], object], what: str, why: str) -> None:
    """Fail unless `call()` raises ValueError: `what` names the call, `why` says why it must.

    Another exception fails as "`what` must raise ValueError, not <its type>", none at all as
    "`what` must raise ValueError: `why`".
    """
    try:
        call()
    except ValueError:
        return
    except Exception as error:
        raise AssertionError(f"{what} must raise ValueError, not {type(error).__name__}") from None
    raise AssertionError(f"{what} must raise ValueError: {why}")
