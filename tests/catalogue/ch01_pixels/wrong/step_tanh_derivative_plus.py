"""gradient_step with tanh' = 1 + tanh² (the sign of the derivative of cosh and sinh mixed up): a wrong derivative of tanh."""
# message: tanh's derivative at z1
# %% gradient_step
def gradient_step(params, x, targets, lr):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    probs = torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
    dz3 = (probs - torch.nn.functional.one_hot(targets, 4)) / len(targets)
    dz2 = (dz3 @ params["W3"].T) * h2 * (1 - h2)
    dz1 = (dz2 @ params["W2"].T) * (1 + h1**2)
    grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
             "W1": x.T @ dz1, "b1": dz1.sum(0)}
    return {k: params[k] - lr * grads[k] for k in params}
