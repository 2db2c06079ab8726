"""block that feeds attention and MLP the same input in parallel (GPT-J style) instead of one after the other."""
# message: on the updated x
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + a = causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + m = F.linear(F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias"))), w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + return x + a + m
