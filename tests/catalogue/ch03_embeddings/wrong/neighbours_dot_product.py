"""nearest_neighbours that ranks rows by dot product, so long rows win whatever their direction."""
# message: compare by cosine, not by dot product
# %% nearest_neighbours
def nearest_neighbours(query, table, k, exclude=()):
    scores = table @ query
    for i in exclude:
        scores[i] = float("-inf")
    return torch.topk(scores, k).indices
