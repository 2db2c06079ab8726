"""written with pairs gathered over every offset and one index_put_ (one direction, then added to its transpose) for the counts, square roots and torch.where for the cosine, torch.sort with a mask for the neighbours, and a hand-written cosine ranking for the analogy."""
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    rows, cols = [], []
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        keep = (left >= 0) & (right >= 0)
        rows.append(left[keep])
        cols.append(right[keep])
    one_way = torch.zeros(vocab_size, vocab_size)
    if rows:
        one_way.index_put_((torch.cat(rows), torch.cat(cols)), torch.ones(sum(len(r) for r in rows)),
                           accumulate=True)
    return one_way + one_way.T

# %% cosine_similarity
# changes to correct/normalize_maximum_reshape:
# - a2, b2 = torch.atleast_2d(a), torch.atleast_2d(b)
# - floor = torch.tensor(eps, dtype=a2.dtype)
# - a_unit = a2 / torch.maximum(a2.norm(dim=-1, keepdim=True), floor)
# - b_unit = b2 / torch.maximum(b2.norm(dim=-1, keepdim=True), floor)
# - result = a_unit @ b_unit.T
# + a2 = a if a.dim() == 2 else a.unsqueeze(0)
# + b2 = b if b.dim() == 2 else b.unsqueeze(0)
# + dots = a2 @ b2.T
# + lengths = torch.sqrt((a2 * a2).sum(dim=1))[:, None] * torch.sqrt((b2 * b2).sum(dim=1))[None, :]
# + result = torch.where(lengths > 0, dots / torch.clamp(lengths, min=eps * eps), torch.zeros_like(dots))

# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query).clone()
    mask = torch.zeros(table.size(0), dtype=torch.bool)
    mask[list(exclude)] = True
    similarity = similarity.masked_fill(mask, float("-inf"))
    values, order = torch.sort(similarity, descending=True)
    return order[:k]

# %% analogy
def analogy(vectors, a, b, c, k=1):
    target = vectors[b] - vectors[a] + vectors[c]
    units = vectors / vectors.norm(dim=1, keepdim=True).clamp(min=1e-8)
    scores = units @ (target / target.norm().clamp(min=1e-8))
    scores = scores.clone()
    scores[[a, b, c]] = float("-inf")
    return torch.sort(scores, descending=True).indices[:k]
