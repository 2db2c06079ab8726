"""generate that makes max_new_tokens - 1 steps."""
# message: one token per step
# %% generate
# changes to wrong/generate_with_gradients:
# - with torch.enable_grad():
# - for _ in range(max_new_tokens):
# + with torch.no_grad():
# +     for _ in range(max_new_tokens - 1):
