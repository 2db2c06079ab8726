"""cosine_similarity that divides by the length of a only, so the length of b still counts."""
# message: lengths of both vectors
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / a.norm(dim=-1, keepdim=True).clamp(min=eps)
    return a_unit @ (b.mT if b.dim() == 2 else b)
