"""block that keeps the residual stream bounded with x.clamp_(-100, 100) on the caller's x: invisible for ordinary inputs, it changes large ones in place."""
# message: changed x in place
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + x.clamp_(-100.0, 100.0)  # no exploding activations
# + x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
