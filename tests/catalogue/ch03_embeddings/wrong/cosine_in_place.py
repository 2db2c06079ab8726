"""cosine_similarity that normalises the caller's tensors in place (a /= ...), changing the student's data."""
# message: changed its inputs in place
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a /= a.norm(dim=-1, keepdim=True).clamp(min=eps)
    b /= b.norm(dim=-1, keepdim=True).clamp(min=eps)
    return a @ (b.mT if b.dim() == 2 else b)
