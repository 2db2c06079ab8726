"""block with a hand-written layer norm using t.var(dim=-1), the unbiased (n - 1) variance; layer norm divides by n."""
# message: differs from the package's Block
# %% block_forward
def block_forward(x, w, n_head):
    def norm(t, name):
        out = (t - t.mean(dim=-1, keepdim=True)) / torch.sqrt(t.var(dim=-1, keepdim=True) + 1e-5)
        out = out * w[name + ".weight"]
        return out + w[name + ".bias"] if name + ".bias" in w else out

    x = x + causal_self_attention(norm(x, "ln_1"), w, n_head)
    h = F.gelu(F.linear(norm(x, "ln_2"), w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
