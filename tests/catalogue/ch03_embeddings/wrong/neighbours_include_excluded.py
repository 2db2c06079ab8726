"""nearest_neighbours that ignores exclude, so a word comes back as its own nearest neighbour."""
# message: excluded rows must never be returned
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    return torch.topk(cosine_similarity(table, query), k).indices
