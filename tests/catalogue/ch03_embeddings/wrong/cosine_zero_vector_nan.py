"""cosine_similarity that divides by the bare lengths: 0 / 0 gives nan for the zero vector."""
# message: must be 0, not nan
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / a.norm(dim=-1, keepdim=True)
    b_unit = b / b.norm(dim=-1, keepdim=True)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
