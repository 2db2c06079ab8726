"""block that adds the sub-layers to the layer-normed copy instead of to x (the residual stream gets normalised)."""
# message: pre-norm with residuals
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    h = F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias"))
    x = h + causal_self_attention(h, w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    return h + F.linear(F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias"))), w["mlp.proj.weight"], w.get("mlp.proj.bias"))
