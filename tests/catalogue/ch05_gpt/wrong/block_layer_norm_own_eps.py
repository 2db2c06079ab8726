"""block that passes its own eps=1e-6 to F.layer_norm instead of PyTorch's default 1e-5, which the package's LayerNorm uses."""
# message: eps
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
# + x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias"), eps=1e-6), w, n_head)
# + h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"), eps=1e-6)
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
