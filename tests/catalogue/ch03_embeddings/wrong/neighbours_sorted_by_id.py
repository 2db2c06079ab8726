"""nearest_neighbours that returns the right ids sorted by id rather than by similarity."""
# message: most similar first (descending cosine)
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = float("-inf")
    return torch.topk(similarity, k).indices.sort().values
