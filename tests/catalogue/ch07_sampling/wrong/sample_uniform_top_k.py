"""sample_next_token that draws uniformly among the top k instead of in proportion to their probabilities."""
# message: not uniformly
# %% sample_next_token
def sample_next_token(logits, temperature=1.0, top_k=None, top_p=None, generator=None):
    if temperature == 0:
        return logits.argmax(dim=-1, keepdim=True)
    logits = apply_temperature(logits, temperature)
    if top_k is not None:
        kept = top_k_filter(logits, top_k)
        logits = torch.where(torch.isinf(kept), kept, torch.zeros_like(kept))
    if top_p is not None:
        logits = top_p_filter(logits, top_p)
    return torch.multinomial(softmax(logits), num_samples=1, generator=generator)
