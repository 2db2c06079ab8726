"""merge that returns the caller's own list when the pair does not occur (a shortcut): the result then aliases the input."""
# message: returned the very list it was given
# %% merge
# changes to the reference:
# - def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
# - """A new list with every occurrence of `pair` replaced by `new_id`, left to right."""
# - out = []
# - i = 0
# + def merge(ids, pair, new_id):
# +     if pair not in zip(ids, ids[1:]):
# +         return ids
# +     out, i = [], 0
