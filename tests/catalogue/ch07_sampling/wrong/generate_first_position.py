"""generate that uses the logits of the first position instead of the last."""
# message: last position
# %% generate
# changes to wrong/generate_with_gradients:
# - with torch.enable_grad():
# + with torch.no_grad():
# - logits = model(idx[:, -context_size:])[:, -1, :]
# + logits = model(idx[:, -context_size:])[:, 0, :]
