"""block with a hand-written layer norm that ignores eps: (x - mean) / sqrt(var). A token whose channels are all equal gives 0 / 0 = nan; tiny variances are blown up."""
# message: eps
# %% block_forward
# changes to wrong/block_layer_norm_unbiased_var:
# - out = (t - t.mean(dim=-1, keepdim=True)) / torch.sqrt(t.var(dim=-1, keepdim=True) + 1e-5)
# - out = out * w[name + ".weight"]
# + mean = t.mean(dim=-1, keepdim=True)
# + var = ((t - mean) ** 2).mean(dim=-1, keepdim=True)
# + out = (t - mean) / torch.sqrt(var) * w[name + ".weight"]
