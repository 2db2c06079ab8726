"""written with a Python loop over positions and a Counter for the counts, F.normalize for the cosine, a descending argsort that skips excluded ids, and an analogy that asks nearest_neighbours for k + 3 ids and drops the query words."""
# %% cooccurrence_counts
from collections import Counter


def cooccurrence_counts(ids, vocab_size, window):
    words = ids.tolist()
    pairs = Counter()
    for p, i in enumerate(words):
        if i < 0:
            continue
        for q in range(max(0, p - window), min(len(words), p + window + 1)):
            if q != p and words[q] >= 0:
                pairs[i, words[q]] += 1
    counts = torch.zeros(vocab_size, vocab_size, dtype=torch.float32)
    for (i, j), n in pairs.items():
        counts[i, j] = n
    return counts
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = F.normalize(a, dim=-1, eps=eps)
    b_unit = F.normalize(b, dim=-1, eps=eps)
    if b_unit.dim() == 1:
        return a_unit @ b_unit
    return a_unit @ b_unit.transpose(0, 1)
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    order = torch.argsort(cosine_similarity(query, table), descending=True)
    kept = [i for i in order.tolist() if i not in set(exclude)]
    return torch.tensor(kept[:k], dtype=torch.long)
# %% analogy
def analogy(vectors, a, b, c, k=1):
    query = vectors[c] + (vectors[b] - vectors[a])
    candidates = nearest_neighbours(query, vectors, k + 3).tolist()
    return torch.tensor([i for i in candidates if i not in (a, b, c)][:k], dtype=torch.long)
