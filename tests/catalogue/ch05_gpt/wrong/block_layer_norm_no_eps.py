"""block with a hand-written layer norm that ignores eps: (x - mean) / sqrt(var). A token whose channels are all equal gives 0 / 0 = nan; tiny variances are blown up."""
# message: eps
# %% block_forward
def block_forward(x, w, n_head):
    def norm(t, name):
        mean = t.mean(dim=-1, keepdim=True)
        var = ((t - mean) ** 2).mean(dim=-1, keepdim=True)
        out = (t - mean) / torch.sqrt(var) * w[name + ".weight"]
        return out + w[name + ".bias"] if name + ".bias" in w else out

    x = x + causal_self_attention(norm(x, "ln_1"), w, n_head)
    h = F.gelu(F.linear(norm(x, "ln_2"), w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
