"""attention that folds 1/sqrt(hs) into the query rows of w["attn.qkv.weight"] (and bias) in place, changing the caller's weights: every later call scales them again."""
# message: changed the weights in w
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    scale = 1 / math.sqrt(C // n_head)
    with torch.no_grad():
        w["attn.qkv.weight"][:C] *= scale
        if "attn.qkv.bias" in w:
            w["attn.qkv.bias"][:C] *= scale
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in qkv.split(C, dim=-1))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=1.0)
    return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
