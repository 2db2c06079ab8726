"""block whose layer norms ignore their learned weight and bias."""
# message: layer norms with their weight and bias
# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    x = x + causal_self_attention(F.layer_norm(x, (C,)), w, n_head)
    h = F.layer_norm(x, (C,))
    h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
