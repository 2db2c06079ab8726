"""written with rows of an identity matrix as the one-hot matrix, an explicit loop over pairs for the cosine, and a Python sort for the neighbours."""
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    one_hot = torch.eye(table.size(0), dtype=table.dtype)[ids]  # row i of the identity is one-hot
    flat = one_hot.reshape(-1, table.size(0)) @ table
    return flat.reshape(*ids.shape, table.size(1))
# %% cosine_similarity
import math


def cosine_similarity(a, b, eps=1e-8):
    rows_a = a.unsqueeze(0) if a.dim() == 1 else a
    rows_b = b.unsqueeze(0) if b.dim() == 1 else b
    out = torch.empty(rows_a.size(0), rows_b.size(0), dtype=torch.result_type(a, b))
    for i in range(rows_a.size(0)):
        for j in range(rows_b.size(0)):
            u, v = rows_a[i], rows_b[j]
            length = max(math.sqrt(float((u * u).sum())), eps) * max(math.sqrt(float((v * v).sum())), eps)
            out[i, j] = (u * v).sum() / length
    if a.dim() == 1 and b.dim() == 1:
        return out[0, 0]
    if a.dim() == 1:
        return out[0]
    if b.dim() == 1:
        return out[:, 0]
    return out
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    scores = cosine_similarity(table, query).tolist()
    candidates = [i for i in range(len(scores)) if i not in exclude]
    candidates.sort(key=lambda i: scores[i], reverse=True)
    return torch.tensor(candidates[:k])
