"""gradient_step that backpropagates one display at a time (outer products) and averages the gradients."""
# %% gradient_step
def gradient_step(params, x, targets, lr):
    grads = {k: torch.zeros_like(v) for k, v in params.items()}
    for xi, ti in zip(x, targets.tolist()):
        h1 = torch.tanh(xi @ params["W1"] + params["b1"])
        h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
        logits = h2 @ params["W3"] + params["b3"]
        p = torch.exp(logits) / torch.exp(logits).sum()
        d3 = p.clone()
        d3[ti] -= 1
        d2 = (params["W3"] @ d3) * h2 * (1 - h2)
        d1 = (params["W2"] @ d2) * (1 - h1 * h1)
        for name, a, d in (("1", xi, d1), ("2", h1, d2), ("3", h2, d3)):
            grads["W" + name] += torch.outer(a, d)
            grads["b" + name] += d
    n = len(targets)
    return {k: params[k] - lr * grads[k] / n for k in params}
