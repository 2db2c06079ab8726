"""gradient_step with a helper for one layer's backward pass (dW, db and the gradient passed down), tanh' written (1 - h)(1 + h) and sigmoid' as e^-z / (1 + e^-z)^2."""
# %% gradient_step
def layer_backward(delta, h_in, W):
    """For z = h_in @ W + b with delta = dL/dz: (dL/dW, dL/db, dL/dh_in)."""
    return h_in.T @ delta, delta.sum(dim=0), delta @ W.T


def gradient_step(params, x, targets, lr):
    z1 = x @ params["W1"] + params["b1"]
    h1 = torch.tanh(z1)
    z2 = h1 @ params["W2"] + params["b2"]
    h2 = 1 / (1 + torch.exp(-z2))
    logits = h2 @ params["W3"] + params["b3"]
    probs = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    probs = probs / probs.sum(dim=1, keepdim=True)
    target_mask = torch.arange(4)[None, :] == targets[:, None]
    delta = (probs - target_mask.to(probs.dtype)) / x.shape[0]
    grads = {}
    grads["W3"], grads["b3"], dh2 = layer_backward(delta, h2, params["W3"])
    delta = dh2 * torch.exp(-z2) / (1 + torch.exp(-z2)) ** 2
    grads["W2"], grads["b2"], dh1 = layer_backward(delta, h1, params["W2"])
    delta = dh1 * (1 - h1) * (1 + h1)
    grads["W1"], grads["b1"], _ = layer_backward(delta, x, params["W1"])
    return {name: value - lr * grads[name] for name, value in params.items()}
