"""nearest_neighbours that takes the k smallest similarities (topk with largest=False)."""
# message: most similar first
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = float("inf")
    return torch.topk(similarity, k, largest=False).indices
