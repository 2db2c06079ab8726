"""gradient_step with tanh' taken as 1 - tanh (1 - h1) instead of 1 - tanh²: a slip in the derivative of tanh."""
# message: tanh's derivative at z1
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dz1 = (dz2 @ params["W2"].T) * (1 - h1)
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
