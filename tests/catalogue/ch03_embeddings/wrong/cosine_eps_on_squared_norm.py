"""cosine_similarity that clamps the squared length by eps before the square root: it divides by max(length, sqrt(eps)) = max(length, 1e-4), wrong for short vectors."""
# message: eps bounds the length itself
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / (a * a).sum(dim=-1, keepdim=True).clamp(min=eps).sqrt()
    b_unit = b / (b * b).sum(dim=-1, keepdim=True).clamp(min=eps).sqrt()
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
