"""gradient_step that forgets the chain-rule factor tanh' = 1 - tanh² in the first layer."""
# message: from h1 back to z1 through the tanh
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dz1 = dz2 @ params["W2"].T
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
