"""The one error of a grading run that is not one student's problem.

(The kernel's own `pixels_to_gpt.grading.guard.CheckFailed` is a failed check, shown to the
student; this one stops the instructor's command with a message that says what to do.)
"""


class GradingRunError(RuntimeError):
    """The grading run itself cannot go on: a wrong name, a locked gradebook, a bad course."""
