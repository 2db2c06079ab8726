"""sample_next_token that takes the nucleus before applying the temperature."""
# message: before top-p
# %% sample_next_token
def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)
    if top_k is not None:
        logits = top_k_filter(logits, top_k)
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    logits = apply_temperature(logits, temperature)
    return torch.multinomial(softmax(logits), num_samples=1, generator=generator)
