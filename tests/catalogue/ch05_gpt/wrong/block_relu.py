"""block whose MLP uses ReLU instead of GELU."""
# message: mlp = fc, GELU, proj
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
    h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
    h = torch.relu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
