"""encode that merges the most frequent known pair of a chunk first (as in training), not the first learned."""
# message: learned first
# %% encode
# changes to correct/counter_and_merges_in_order:
# - for pair, new_id in merges.items():
# - if len(ids) < 2:
# + while True:
# +     known = {p: n for p, n in count_pairs(ids).items() if p in merges}
# +     if not known:
# - ids = merge(ids, pair, new_id)
# + best = max(known, key=known.get)
# + ids = merge(ids, best, merges[best])
