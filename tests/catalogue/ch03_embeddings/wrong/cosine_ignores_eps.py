"""cosine_similarity that ignores its eps argument and always clamps at 1e-8."""
# message: uses its eps argument
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / torch.linalg.vector_norm(a, dim=-1, keepdim=True).clamp(min=1e-8)
    b_unit = b / torch.linalg.vector_norm(b, dim=-1, keepdim=True).clamp(min=1e-8)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
