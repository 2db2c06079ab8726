"""gradient_step that evaluates the sigmoid's derivative at the sum, z2 (1 - z2), instead of h2 (1 - h2)."""
# message: the sigmoid's derivative
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
# + z2 = h1 @ params["W2"] + params["b2"]
# + h2 = torch.sigmoid(z2)
# - dz2 = (dz3 @ params["W3"].T) * h2 * (1 - h2)
# + dz2 = (dz3 @ params["W3"].T) * z2 * (1 - z2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
