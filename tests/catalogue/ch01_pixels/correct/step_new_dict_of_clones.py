"""gradient_step that clones every parameter and updates the clones in place (sub_): the caller's tensors are untouched."""
# %% gradient_step
def gradient_step(params, x, targets, lr):
    new = {k: v.clone() for k, v in params.items()}
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    probs = torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
    delta3 = probs.clone()
    delta3[torch.arange(len(targets)), targets] -= 1
    delta3 /= len(targets)
    delta2 = (delta3 @ params["W3"].T) * h2 * (1 - h2)
    delta1 = (delta2 @ params["W2"].T) * (1 - h1 * h1)
    for name, h, d in (("3", h2, delta3), ("2", h1, delta2), ("1", x, delta1)):
        new["W" + name].sub_(lr * (h.T @ d))
        new["b" + name].sub_(lr * d.sum(dim=0))
    return new
