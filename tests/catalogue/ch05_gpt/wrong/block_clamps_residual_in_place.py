"""block that keeps the residual stream bounded with x.clamp_(-100, 100) on the caller's x: invisible for ordinary inputs, it changes large ones in place."""
# message: changed x in place
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    x.clamp_(-100.0, 100.0)  # no exploding activations
    x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
