"""nearest_neighbours that excludes rows by zeroing them in the caller's table (table[i] = 0), which changes the student's embeddings."""
# message: changed its inputs in place
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    for i in exclude:
        table[i] = 0.0
    return torch.topk(cosine_similarity(table, query), k).indices
