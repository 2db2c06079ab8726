"""written with a broadcast multiply-and-sum for the lookup, square roots and torch.where for the cosine, and torch.sort with a mask."""
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    vocab = table.size(0)
    one_hot = (ids.unsqueeze(-1) == torch.arange(vocab)).to(table.dtype)  # (..., V)
    return (one_hot.unsqueeze(-1) * table).sum(dim=-2)  # (..., V, C) summed over V
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a2 = a if a.dim() == 2 else a.unsqueeze(0)
    b2 = b if b.dim() == 2 else b.unsqueeze(0)
    dots = a2 @ b2.T
    lengths = torch.sqrt((a2 * a2).sum(dim=1))[:, None] * torch.sqrt((b2 * b2).sum(dim=1))[None, :]
    result = torch.where(lengths > 0, dots / torch.clamp(lengths, min=eps * eps), torch.zeros_like(dots))
    if b.dim() == 1:
        result = result[:, 0]
    if a.dim() == 1:
        result = result[0]
    return result
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query).clone()
    mask = torch.zeros(table.size(0), dtype=torch.bool)
    mask[list(exclude)] = True
    similarity = similarity.masked_fill(mask, float("-inf"))
    values, order = torch.sort(similarity, descending=True)
    return order[:k]
