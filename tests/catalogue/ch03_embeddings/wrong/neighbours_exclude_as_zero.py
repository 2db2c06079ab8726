"""nearest_neighbours that gives excluded rows similarity 0, which still beats rows with negative cosines."""
# message: 0 is not enough
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    similarity = cosine_similarity(table, query)
    for i in exclude:
        similarity[i] = 0.0
    return torch.topk(similarity, k).indices
