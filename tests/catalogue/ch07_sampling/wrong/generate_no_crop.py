"""generate that feeds the model the whole sequence, beyond its context window."""
# message: idx[:, -context_size:]
# %% generate
# changes to wrong/generate_with_gradients:
# - with torch.enable_grad():
# + with torch.no_grad():
# - logits = model(idx[:, -context_size:])[:, -1, :]
# + logits = model(idx)[:, -1, :]
