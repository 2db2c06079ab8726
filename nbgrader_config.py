"""nbgrader settings for the course: `solutions/` is the instructors' source, `exercises/` the
students' release. Run nbgrader commands from the repository root."""

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "pixels-to-gpt"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# What a student finds in an answer cell.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Restore test cells a student edited or deleted from the gradebook.
c.OverwriteCells.add_missing_cells = True

# Hidden tests run statistical checks: allow them time, but stop an endless student loop.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# Validation shows a student the whole hint of a failing test. JupyterLab's Validate button
# already gets whole errors from nbgrader's server. `nbgrader validate` prints them through
# Validator._indent, which cuts every line at Validator.width (90) characters. Width is its
# only setting, and it is also the length of the "=====" line drawn between cells: a width
# that fits every hint would draw screens of "=". So keep whole lines instead (nbgrader is
# pinned to 0.9.6; tests/test_validate_command.py checks this). On the command line, students
# validate with `python -m pixels_to_gpt validate`, which also exits 1 when a test fails
# (`nbgrader validate` exits 0 either way).
from nbconvert.filters import strip_ansi  # noqa: E402
from nbgrader.validator import Validator  # noqa: E402


def _whole_lines(self, text: str) -> str:
    return "\n".join(self.indent + strip_ansi(line) for line in text.split("\n"))


Validator._indent = _whole_lines
