"""block that feeds attention and MLP the same input in parallel (GPT-J style) instead of one after the other."""
# message: on the updated x
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    a = causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    m = F.linear(F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias"))), w["mlp.proj.weight"], w.get("mlp.proj.bias"))
    return x + a + m
