"""merge that walks a torch tensor of the ids and appends its elements: the kept ids are 0-dimensional tensors, not ints."""
# message: a list of Python ints
# %% merge
import torch


def merge(ids, pair, new_id):
    t = torch.tensor(ids, dtype=torch.long)
    out, i = [], 0
    while i < len(t):
        if i + 1 < len(t) and t[i] == pair[0] and t[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(t[i])
            i += 1
    return out
