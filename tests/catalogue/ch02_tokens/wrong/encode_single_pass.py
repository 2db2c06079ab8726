"""encode that merges the first-learned pair of each chunk once and does not repeat."""
# message: repeat until no pair
# %% encode
# changes to correct/counter_and_merges_in_order:
# - for pair, new_id in merges.items():
# - if len(ids) < 2:
# - break
# - ids = merge(ids, pair, new_id)
# + pairs = count_pairs(ids)
# + if pairs:
# +     first = min(pairs, key=lambda p: merges.get(p, float("inf")))
# +     if first in merges:
# +         ids = merge(ids, first, merges[first])
