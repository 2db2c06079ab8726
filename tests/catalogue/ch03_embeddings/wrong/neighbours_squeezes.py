"""nearest_neighbours that squeezes the ids: for k=1 it returns a 0-dimensional tensor instead of shape (1,)."""
# message: must return exactly k=1 ids
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    if len(exclude):
        similarity = similarity.index_fill(0, torch.tensor(list(exclude)), float("-inf"))
    return torch.topk(similarity, k).indices.squeeze()
