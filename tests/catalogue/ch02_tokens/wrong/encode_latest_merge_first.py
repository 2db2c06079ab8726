"""encode that applies the merges in the wrong order: the last learned first."""
# message: learned first
# %% encode
# changes to correct/counter_and_merges_in_order:
# - for pair, new_id in merges.items():
# - if len(ids) < 2:
# + while len(ids) >= 2:
# +     known = [p for p in count_pairs(ids) if p in merges]
# +     if not known:
# - ids = merge(ids, pair, new_id)
# + latest = max(known, key=lambda p: merges[p])
# + ids = merge(ids, latest, merges[latest])
