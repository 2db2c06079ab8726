"""gradient_step that evaluates 1 - z² at the sum z1 instead of 1 - tanh(z1)²."""
# message: tanh's derivative at z1
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - h1 = torch.tanh(x @ params["W1"] + params["b1"])
# + z1 = x @ params["W1"] + params["b1"]
# + h1 = torch.tanh(z1)
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dz1 = (dz2 @ params["W2"].T) * (1 - z1**2)
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
