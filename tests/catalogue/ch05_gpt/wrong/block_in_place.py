"""block that adds the residuals in place (x += ...), changing the caller's tensor."""
# message: in place
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + x += causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + x += F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x
