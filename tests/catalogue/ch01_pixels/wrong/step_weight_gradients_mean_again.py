"""gradient_step that averages the weight gradients over the batch once more (h.T @ delta / B), though delta already holds the 1/B of the mean loss."""
# message: from delta3 to dL/dW3
# %% gradient_step
def gradient_step(params, x, targets, lr):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    probs = torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
    dz3 = (probs - torch.nn.functional.one_hot(targets, 4)) / len(targets)
    dz2 = (dz3 @ params["W3"].T) * h2 * (1 - h2)
    dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
    B = len(targets)
    grads = {"W3": h2.T @ dz3 / B, "b3": dz3.sum(0), "W2": h1.T @ dz2 / B, "b2": dz2.sum(0),
             "W1": x.T @ dz1 / B, "b1": dz1.sum(0)}
    return {k: params[k] - lr * grads[k] for k in params}
