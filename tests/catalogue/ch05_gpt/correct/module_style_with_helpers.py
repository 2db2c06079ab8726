"""block built from small helper functions (a sublayer helper for pre-norm + residual), attention with F.scaled_dot_product_attention and unflatten, dropout with a mask helper and masked_fill on a new tensor."""
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    C = x.size(-1)
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    heads = [t.unflatten(-1, (n_head, C // n_head)).transpose(1, 2) for t in qkv.chunk(3, dim=-1)]
    y = F.scaled_dot_product_attention(*heads, is_causal=True)
    return F.linear(y.transpose(1, 2).flatten(2), w["attn.proj.weight"], w.get("attn.proj.bias"))

# %% block_forward
def block_forward(x, w, n_head):
    C = x.shape[-1]

    def pre_norm(stream, ln, sublayer):
        return stream + sublayer(F.layer_norm(stream, (C,), w[ln + ".weight"], w.get(ln + ".bias")))

    def mlp(h):
        h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
        return F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))

    x = pre_norm(x, "ln_1", lambda h: causal_self_attention(h, w, n_head))
    return pre_norm(x, "ln_2", mlp)

# %% dropout
def dropout(x, p, training, generator=None):
    def check(prob):
        if not 0 <= prob <= 1:
            raise ValueError(f"expected 0 <= p <= 1, got p={prob}")

    def dropped(shape):
        return torch.rand(*shape, generator=generator) < p

    check(p)
    if not training:
        return x
    out = x.masked_fill(dropped(x.shape), 0.0)
    return out / (1 - p) if p < 1 else out
