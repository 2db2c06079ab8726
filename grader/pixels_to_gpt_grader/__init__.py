"""From Pixels to GPT's grading tool, for instructors (a distribution of its own).

It grades submissions with nbgrader in sandboxed kernels, checks each answer again outside
the student's process (`verdict`, with each chapter's `checks/<assignment>.py`), and writes
the gradebook, feedback and reports. What runs inside a student's kernel (the hidden tests'
`guard`) is the course's, in `pixels_to_gpt.grading`. The one entry point: `__main__`.
"""
