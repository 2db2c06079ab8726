"""count_pairs with torch.unique(..., return_counts=True): the pairs are tuples of ints, but the counts are 0-dimensional tensors, not ints."""
# message: count with Python ints
# %% count_pairs
import torch


def count_pairs(ids):
    if len(ids) < 2:
        return {}
    t = torch.tensor(ids)
    pairs, counts = torch.unique(torch.stack([t[:-1], t[1:]], dim=1), dim=0, return_counts=True)
    return {tuple(p.tolist()): c for p, c in zip(pairs, counts)}
