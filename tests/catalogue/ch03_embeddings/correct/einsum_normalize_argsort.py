"""written with einsum for the lookup, F.normalize for the cosine, and a descending argsort that skips excluded ids."""
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    one_hot = F.one_hot(ids, table.shape[0]).type(table.dtype)
    return torch.einsum("...v,vc->...c", one_hot, table)
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
