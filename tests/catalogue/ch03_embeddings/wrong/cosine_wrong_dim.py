"""cosine_similarity that normalises over dim 0 (each column) instead of each row."""
# message: each row by its own length
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / a.norm(dim=0, keepdim=True).clamp(min=eps)
    b_unit = b / b.norm(dim=0, keepdim=True).clamp(min=eps)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
