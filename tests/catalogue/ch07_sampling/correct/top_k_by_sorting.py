"""top_k_filter via torch.sort instead of torch.topk, and apply_temperature via torch.div."""
# %% apply_temperature
def apply_temperature(logits, temperature):
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    return torch.div(logits, temperature)

# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("top-k needs k >= 1")
    n = logits.shape[-1]
    if k >= n:
        return logits.clone()
    threshold = torch.sort(logits, dim=-1, descending=True).values[..., k - 1].unsqueeze(-1)
    return torch.where(logits >= threshold, logits, torch.full_like(logits, float("-inf")))
