"""softmax and apply_temperature in float64 arithmetic, softmax via exp and a log-sum."""
# %% softmax
def softmax(logits, dim=-1):
    x = logits.double()
    m = x.max(dim=dim, keepdim=True).values
    log_total = m + torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True))
    return torch.exp(x - log_total).to(dtype=logits.dtype)

# %% apply_temperature
def apply_temperature(logits, temperature):
    if not (temperature > 0):
        raise ValueError("temperature must be positive")
    return (logits.double() / temperature).to(logits.dtype)
