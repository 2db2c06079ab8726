"""gradient_step that applies the derivative's formula to the output again, 1 - tanh(h1)², instead of 1 - h1² = 1 - tanh(z1)²: tanh' evaluated at the wrong place."""
# message: from h1 back to z1 through the tanh
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz1 = (dz2 @ params["W2"].T) * (1 - h1**2)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + dz1 = (dz2 @ params["W2"].T) * (1 - torch.tanh(h1) ** 2)
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
