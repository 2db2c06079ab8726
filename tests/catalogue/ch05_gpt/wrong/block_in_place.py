"""block that adds the residuals in place (x += ...), changing the caller's tensor."""
# message: in place
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    x += causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    x += F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
    return x
