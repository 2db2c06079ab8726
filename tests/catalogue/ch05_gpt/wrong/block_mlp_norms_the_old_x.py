"""block whose second layer norm reads the block's input instead of x after the attention residual."""
# message: on the updated x
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
