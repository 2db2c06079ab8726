"""sample_next_token without the temperature-0 case: it passes 0 to apply_temperature, which raises."""
# message: temperature=0
# %% sample_next_token
def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    logits = apply_temperature(logits, temperature)
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    return torch.multinomial(softmax(logits), num_samples=1, generator=generator)
