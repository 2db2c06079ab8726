"""The grading tool's tests, run from grader/ (`pytest`) or with the course's suite."""

import os

from course_root import MIRROR

from pixels_to_gpt.data import MIRROR_ENV

# The course's data from the offline mirror beside the checkout (as CI does), unless the
# environment names another.
if MIRROR is not None:
    os.environ.setdefault(MIRROR_ENV, str(MIRROR))
# One torch thread per process on a busy machine (see tests/conftest.py in the course).
os.environ.setdefault("OMP_NUM_THREADS", "1")
