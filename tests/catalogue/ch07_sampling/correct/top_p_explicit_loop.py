"""top_p_filter with an explicit Python loop over each row's tokens, most likely first."""
# %% top_p_filter
import math


def top_p_filter(logits, p):
    if p <= 0 or p > 1:
        raise ValueError("p must be in (0, 1]")
    out = logits.clone()
    flat = out.reshape(-1, out.shape[-1])
    for row in flat:
        probs = softmax(row)
        order = sorted(range(len(row)), key=lambda i: -probs[i].item())
        mass = 0.0
        for i in order:
            if mass >= p:
                row[i] = -math.inf
            mass += probs[i].item()
    return flat.reshape(logits.shape)
