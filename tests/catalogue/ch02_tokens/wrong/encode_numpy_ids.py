"""encode that reads each chunk's bytes with numpy: the merged ids are ints, but the unmerged bytes stay numpy.uint8, not Python ints."""
# message: a list of Python ints
# %% encode
# changes to the reference:
# - def encode(text: str, merges: dict[tuple[int, int], int]) -> list[int]:
# - """Token ids of `text`: each chunk's UTF-8 bytes, merged in the order the merges were learned."""
# + import numpy as np
# +
# +
# + def encode(text, merges):
# - ids = list(chunk.encode("utf-8"))
# + ids = list(np.frombuffer(chunk.encode("utf-8"), dtype=np.uint8))
