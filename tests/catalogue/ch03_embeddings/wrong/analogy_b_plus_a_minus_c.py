"""analogy that adds a and takes away c, b + a - c, instead of b - a + c."""
# message: the answer is nearest to b - a + c
# %% analogy
def analogy(vectors, a, b, c, k=1):
    return nearest_neighbours(vectors[b] + vectors[a] - vectors[c], vectors, k, exclude=[a, b, c])
