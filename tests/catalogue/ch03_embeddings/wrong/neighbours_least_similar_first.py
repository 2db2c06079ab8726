"""nearest_neighbours with the right k ids in the wrong order: least similar first."""
# message: most similar first (descending cosine)
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = float("-inf")
    return torch.topk(similarity, k).indices.flip(0)
