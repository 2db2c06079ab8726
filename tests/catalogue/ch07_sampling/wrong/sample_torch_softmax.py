"""sample_next_token that uses torch.softmax rather than the student's own softmax."""
# outside: rule
# message: your own softmax
# %% sample_next_token
# changes to wrong/sample_no_greedy:
# - def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# + def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
# +     if temperature == 0:
# +         return logits.argmax(dim=-1, keepdim=True)
# - return torch.multinomial(softmax(logits), num_samples=1, generator=generator)
# + return torch.multinomial(torch.softmax(logits, dim=-1), num_samples=1, generator=generator)
