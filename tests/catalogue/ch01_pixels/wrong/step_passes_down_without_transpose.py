"""gradient_step that passes the gradient down through W2 instead of W2.T: the shapes fit only when H1 = H2, and even then the values are wrong."""
# message: The shapes do not fit
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dz1 = (dz2 @ params["W2"]) * (1 - h1**2)
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
