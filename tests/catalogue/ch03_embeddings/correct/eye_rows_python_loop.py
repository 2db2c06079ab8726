"""written with a one-hot matrix of the text and a banded matrix of distances for the counts (one_hot.T @ band @ one_hot), an explicit loop over pairs for the cosine, a Python sort for the neighbours, and an analogy that calls cosine_similarity and sorts in Python."""
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    n = ids.size(0)
    known = ids >= 0
    one_hot = F.one_hot(torch.where(known, ids, 0), vocab_size).float() * known[:, None]  # (N, V)
    positions = torch.arange(n)
    distance = (positions[:, None] - positions[None, :]).abs()
    band = ((distance >= 1) & (distance <= window)).float()  # (N, N): pairs within the window
    return one_hot.T @ band @ one_hot
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
# %% analogy
def analogy(vectors, a, b, c, k=1):
    scores = cosine_similarity(vectors, vectors[b] - vectors[a] + vectors[c]).tolist()
    order = sorted((i for i in range(len(scores)) if i not in {a, b, c}), key=lambda i: -scores[i])
    return torch.tensor(order[:k])
