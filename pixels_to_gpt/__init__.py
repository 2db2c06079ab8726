"""From Pixels to GPT: the code the course's chapters share.

Later chapters import what earlier chapters built: the data layer (`data`), tokenizers
(`tokenizers`), the GPT (`model`), training (`train`), checkpoints (`checkpoint`) and
sampling (`sampling`).
"""

__version__ = "0.1.0"
