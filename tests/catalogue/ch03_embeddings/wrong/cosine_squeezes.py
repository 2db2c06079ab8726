"""cosine_similarity that makes both inputs matrices (atleast_2d) and squeezes the result: a matrix of one row, (1, C), loses its dimension too."""
# message: a matrix of one row
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a2, b2 = torch.atleast_2d(a), torch.atleast_2d(b)
    a_unit = a2 / a2.norm(dim=-1, keepdim=True).clamp(min=eps)
    b_unit = b2 / b2.norm(dim=-1, keepdim=True).clamp(min=eps)
    return (a_unit @ b_unit.T).squeeze()
