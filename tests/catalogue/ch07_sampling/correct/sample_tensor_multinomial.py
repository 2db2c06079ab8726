"""sample_next_token with Tensor.multinomial, keyword arguments and replacement=True."""
# %% sample_next_token
def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return torch.argmax(logits, dim=-1).unsqueeze(-1)
    scores = apply_temperature(logits=logits, temperature=temperature)
    if top_k:
        scores = top_k_filter(scores, k=top_k)
    if top_p:
        scores = top_p_filter(scores, p=top_p)
    probs = softmax(scores, dim=-1)
    return probs.multinomial(num_samples=1, replacement=True, generator=generator)
