"""analogy with the offset the wrong way round, a - b + c (which answers "b is to a as c is to ?")."""
# message: not a - b + c
# %% analogy
def analogy(vectors, a, b, c, k=1):
    return nearest_neighbours(vectors[a] - vectors[b] + vectors[c], vectors, k, exclude=[a, b, c])
