"""cosine_similarity that calls F.cosine_similarity with broadcasting, which the exercise forbids."""
# message: may not call F.cosine_similarity
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    if a.dim() == 2 and b.dim() == 2:
        return F.cosine_similarity(a[:, None, :], b[None, :, :], dim=-1)
    return F.cosine_similarity(a, b, dim=-1)
