"""cosine_similarity that adds eps to the squared length, sqrt(|a|^2 + eps): wrong for vectors shorter than about sqrt(eps)."""
# message: cosine_similarity(a, b) is wrong
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / torch.sqrt((a**2).sum(-1, keepdim=True) + eps)
    b_unit = b / torch.sqrt((b**2).sum(-1, keepdim=True) + eps)
    return a_unit @ (b_unit.mT if b_unit.dim() == 2 else b_unit)
