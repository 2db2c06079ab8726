"""written with a bincount of flat pair indices for the counts (both directions at once), torch.maximum(length, eps) for the cosine (inputs made 2-D and the vector dimensions dropped by indexing), torch.argsort for the neighbours, and an analogy that masks the query words with -inf and takes topk."""
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    flat = torch.zeros(vocab_size * vocab_size, dtype=torch.long)
    for offset in range(1, window + 1):
        pairs = torch.stack([ids[:-offset], ids[offset:]])  # (2, N - offset)
        pairs = pairs[:, (pairs >= 0).all(dim=0)]
        both = torch.cat([pairs, pairs.flip(0)], dim=1)  # each pair both ways round
        flat += torch.bincount(both[0] * vocab_size + both[1], minlength=vocab_size ** 2)
    return flat.reshape(vocab_size, vocab_size).to(torch.float32)
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a2, b2 = torch.atleast_2d(a), torch.atleast_2d(b)
    floor = torch.tensor(eps, dtype=a2.dtype)
    a_unit = a2 / torch.maximum(a2.norm(dim=-1, keepdim=True), floor)
    b_unit = b2 / torch.maximum(b2.norm(dim=-1, keepdim=True), floor)
    result = a_unit @ b_unit.T
    if b.dim() == 1:
        result = result[:, 0]
    if a.dim() == 1:
        result = result[0]
    return result
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query).clone()
    for i in exclude:
        similarity[i] = -float("inf")
    return torch.argsort(similarity, descending=True)[:k]
# %% analogy
def analogy(vectors, a, b, c, k=1):
    similarity = cosine_similarity(vectors, vectors[b] - vectors[a] + vectors[c])
    mask = torch.zeros(vectors.size(0), dtype=torch.bool)
    mask[torch.tensor([a, b, c])] = True
    return similarity.masked_fill(mask, float("-inf")).topk(k).indices
