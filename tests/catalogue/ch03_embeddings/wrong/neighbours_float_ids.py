"""nearest_neighbours that returns the ids as floats (a float tensor), where the ids are integers."""
# message: as a torch.long tensor
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    if len(exclude):
        similarity = similarity.index_fill(0, torch.tensor(list(exclude)), float("-inf"))
    return torch.topk(similarity, k).indices.to(similarity.dtype)
