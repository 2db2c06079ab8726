"""sample_next_token that draws with the global random state instead of the generator it is given."""
# message: pass generator=generator
# %% sample_next_token
# changes to wrong/sample_no_greedy:
# - def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# + def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# +     if temperature == 0:
# +         return logits.argmax(dim=-1, keepdim=True)
# - return torch.multinomial(softmax(logits), num_samples=1, generator=generator)
# + return torch.multinomial(softmax(logits), num_samples=1)
