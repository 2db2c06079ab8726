"""post-norm block (the 2017 transformer): x = ln(x + sublayer(x)) instead of x + sublayer(ln(x))."""
# message: pre-norm with residuals
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    x = F.layer_norm(x + causal_self_attention(x, w, n_head), (C,), w["ln_1.weight"], w.get("ln_1.bias"))
    h = F.gelu(F.linear(x, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    h = F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
    return F.layer_norm(x + h, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
