"""Each assignment's outside checks: `CHECKS` in `<assignment>.py` (see `verdict.py`)."""
