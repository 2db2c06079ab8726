"""generate that does not pass the generator on to sample_next_token."""
# message: pass temperature, top_k, top_p and
# %% generate
# changes to wrong/generate_with_gradients:
# - with torch.enable_grad():
# + with torch.no_grad():
# - next_id = sample_next_token(logits, temperature, top_k, top_p, generator)
# + next_id = sample_next_token(logits, temperature, top_k, top_p, None)
