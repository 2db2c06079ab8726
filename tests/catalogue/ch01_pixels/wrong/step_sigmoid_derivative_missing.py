"""gradient_step that multiplies by h2 alone instead of the sigmoid's derivative h2 (1 - h2)."""
# message: the sigmoid's derivative
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz2 = (dz3 @ params["W3"].T) * h2 * (1 - h2)
# + dz2 = (dz3 @ params["W3"].T) * h2
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
