"""gradient_step that passes the gradient down to h1 from dL/dh2 instead of from delta2: a chain-rule factor (the sigmoid's derivative) missing on the way to the first layer only."""
# message: from delta2 itself, the gradient at z2
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz2 = (dz3 @ params["W3"].T) * h2 * (1 - h2)
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dh2 = dz3 @ params["W3"].T
# + dz2 = dh2 * h2 * (1 - h2)
# + dz1 = (dh2 @ params["W2"].T) * (1 - h1**2)
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
