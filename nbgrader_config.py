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
