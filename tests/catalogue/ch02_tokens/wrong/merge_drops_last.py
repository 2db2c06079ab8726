"""merge whose loop stops one early and loses a final id that is not part of a pair."""
# message: every id is kept
# %% merge
# changes to the reference:
# - def merge(ids: list[int], pair: tuple[int, int], new_id: int) -> list[int]:
# - """A new list with every occurrence of `pair` replaced by `new_id`, left to right."""
# + def merge(ids, pair, new_id):
# - while i < len(ids):
# - if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
# + while i < len(ids) - 1:
# +     if (ids[i], ids[i + 1]) == pair:
