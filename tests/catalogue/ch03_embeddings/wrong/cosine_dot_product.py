"""cosine_similarity that forgets to divide by the lengths: the plain dot product."""
# message: lengths of both vectors
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    return a @ (b.mT if b.dim() == 2 else b)
