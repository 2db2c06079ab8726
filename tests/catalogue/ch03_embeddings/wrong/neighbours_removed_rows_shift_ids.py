"""nearest_neighbours that deletes the excluded rows first and returns positions in the shortened table."""
# message: row numbers of the whole table
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    kept = torch.tensor([i for i in range(table.size(0)) if i not in exclude])
    similarity = cosine_similarity(table[kept], query)
    return torch.topk(similarity, k).indices
