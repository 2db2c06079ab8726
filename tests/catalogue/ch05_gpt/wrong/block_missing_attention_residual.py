"""block that replaces x by the attention's output instead of adding it (no residual connection)."""
# message: pre-norm with residuals
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + x = causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
