"""cosine_similarity that guards against overflow with a.clamp_(-1e4, 1e4) on the caller's tensors: right values, but it writes into its inputs (only huge entries would show a change)."""
# message: cosine_similarity wrote into a tensor it was given
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a.clamp_(-1e4, 1e4)
    b.clamp_(-1e4, 1e4)
    a_unit = a / a.norm(dim=-1, keepdim=True).clamp(min=eps)
    b_unit = b / b.norm(dim=-1, keepdim=True).clamp(min=eps)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
