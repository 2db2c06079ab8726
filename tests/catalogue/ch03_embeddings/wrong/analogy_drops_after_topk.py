"""analogy that takes the k nearest first and removes the query words afterwards, so it returns fewer than k ids."""
# message: leave the query words out before taking the k best
# %% analogy
def analogy(vectors, a, b, c, k=1):
    nearest = nearest_neighbours(vectors[b] - vectors[a] + vectors[c], vectors, k)
    return torch.tensor([i for i in nearest.tolist() if i not in (a, b, c)], dtype=torch.long)
