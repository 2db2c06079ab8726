"""cosine_similarity that returns the cosine distance, 1 - cos, instead of the cosine."""
# message: a[i]·b[j] / (|a[i]| |b[j]|)
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / a.norm(dim=-1, keepdim=True).clamp(min=eps)
    b_unit = b / b.norm(dim=-1, keepdim=True).clamp(min=eps)
    return 1 - a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
