"""nearest_neighbours with an off-by-one k: one id too many."""
# message: must return exactly k=3 ids
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = float("-inf")
    return torch.topk(similarity, min(k + 1, len(similarity) - len(exclude))).indices
