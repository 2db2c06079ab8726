"""sample_next_token that draws uniformly among the top k instead of in proportion to their probabilities."""
# message: not uniformly
# %% sample_next_token
# changes to wrong/sample_no_greedy:
# - def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# + def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# +     if temperature == 0:
# +         return logits.argmax(dim=-1, keepdim=True)
# - logits = top_k_filter(logits, top_k)
# + kept = top_k_filter(logits, top_k)
# + logits = torch.where(torch.isinf(kept), kept, torch.zeros_like(kept))
