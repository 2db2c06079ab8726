"""block with a hand-written layer norm that adds eps to the standard deviation, (x - mean) / (std + 1e-5), instead of to the variance under the square root."""
# message: eps
# %% block_forward
def block_forward(x, w, n_head):
    def norm(t, name):
        mean = t.mean(dim=-1, keepdim=True)
        std = ((t - mean) ** 2).mean(dim=-1, keepdim=True).sqrt()
        out = (t - mean) / (std + 1e-5) * w[name + ".weight"]
        return out + w[name + ".bias"] if name + ".bias" in w else out

    x = x + causal_self_attention(norm(x, "ln_1"), w, n_head)
    h = F.gelu(F.linear(norm(x, "ln_2"), w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
