"""gradient_step that gets the probabilities from forward() and recomputes the hidden layers it needs."""
# %% gradient_step
def gradient_step(params, x, targets, lr):
    probs = forward(params, x)
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    one_hot = torch.eye(4, dtype=probs.dtype)[targets]
    delta = (probs - one_hot) / len(targets)
    new = dict(params)
    for h, layer, squash_grad in ((h2, "3", None), (h1, "2", lambda: h2 * (1 - h2)),
                                  (x, "1", lambda: 1 - h1**2)):
        if squash_grad is not None:
            delta = (delta @ params["W" + str(int(layer) + 1)].T) * squash_grad()
        new["W" + layer] = params["W" + layer] - lr * (h.T @ delta)
        new["b" + layer] = params["b" + layer] - lr * delta.sum(dim=0)
    return new
