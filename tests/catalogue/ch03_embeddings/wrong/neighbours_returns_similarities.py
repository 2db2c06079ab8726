"""nearest_neighbours that returns the k largest similarities instead of the ids of their rows."""
# message: not the similarities
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = float("-inf")
    return torch.topk(similarity, k).values
