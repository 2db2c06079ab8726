"""block that uses ln_1's weights for both layer norms."""
# message: layer norms with their weight and bias
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - h = F.layer_norm(x, (C,), w["ln_2.weight"], w.get("ln_2.bias"))
# + x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + h = F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias"))
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
