"""sample_next_token that always returns the most likely token, whatever the temperature."""
# message: in proportion to their probabilities
# %% sample_next_token
def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    return logits.argmax(dim=-1, keepdim=True)
