"""block whose MLP uses ReLU instead of GELU."""
# message: mlp = fc, GELU, proj
# %% block_forward
# changes to wrong/block_mlp_norms_the_old_x:
# - after_attention = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# + x = x + causal_self_attention(F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias")), w, n_head)
# - h = F.gelu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
# - return after_attention + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
# + h = torch.relu(F.linear(h, w["mlp.fc.weight"], w.get("mlp.fc.bias")))
# + return x + F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
