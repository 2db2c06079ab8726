"""block with a hand-written layer norm that adds eps to the standard deviation, (x - mean) / (std + 1e-5), instead of to the variance under the square root."""
# message: eps
# %% block_forward
# changes to wrong/block_layer_norm_unbiased_var:
# - out = (t - t.mean(dim=-1, keepdim=True)) / torch.sqrt(t.var(dim=-1, keepdim=True) + 1e-5)
# - out = out * w[name + ".weight"]
# + mean = t.mean(dim=-1, keepdim=True)
# + std = ((t - mean) ** 2).mean(dim=-1, keepdim=True).sqrt()
# + out = (t - mean) / (std + 1e-5) * w[name + ".weight"]
