"""analogy that builds b - a + c inside the row of b (vectors[b] -= ...), writing into the table it was given."""
# message: analogy wrote into the vectors it was given
# %% analogy
def analogy(vectors, a, b, c, k=1):
    target = vectors[b]
    target -= vectors[a]
    target += vectors[c]
    answer = nearest_neighbours(target, vectors, k, exclude=[a, b, c])
    target -= vectors[c]
    target += vectors[a]  # put the row back
    return answer
