"""written with a flattened one-hot product reshaped back, torch.maximum(length, eps) for the cosine (inputs made 2-D and the vector dimensions dropped by indexing), and torch.argsort."""
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    flat = F.one_hot(ids.reshape(-1), table.size(0)).to(table.dtype)
    return (flat @ table).reshape(*ids.shape, table.size(1))
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
