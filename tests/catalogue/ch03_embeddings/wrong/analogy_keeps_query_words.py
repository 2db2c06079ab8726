"""analogy that forgets to leave out the three query words, so c or b itself often comes back as the answer."""
# message: the three query words a, b and c are never an answer
# %% analogy
def analogy(vectors, a, b, c, k=1):
    return nearest_neighbours(vectors[b] - vectors[a] + vectors[c], vectors, k)
