"""analogy that ranks the words by dot product with b - a + c, so the longest vectors win whatever their direction."""
# message: not by dot product
# %% analogy
def analogy(vectors, a, b, c, k=1):
    scores = vectors @ (vectors[b] - vectors[a] + vectors[c])
    scores[[a, b, c]] = float("-inf")
    return torch.topk(scores, k).indices
