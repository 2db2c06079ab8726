"""attention that never uses the qkv and proj biases of a bias=True model."""
# message: with its bias
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    q, k, v = (x @ w["attn.qkv.weight"].T).split(C, dim=-1)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return y.transpose(1, 2).reshape(B, T, C) @ w["attn.proj.weight"].T
