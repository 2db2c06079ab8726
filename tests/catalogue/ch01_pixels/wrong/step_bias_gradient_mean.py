"""gradient_step that averages delta over the batch for the bias gradients (already divided by B once)."""
# message: the bias gradients are wrong
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# - "W1": x.T @ dz1, "b1": dz1.sum(0)}
# + grads = {"W3": h2.T @ dz3, "b3": dz3.mean(0), "W2": h1.T @ dz2, "b2": dz2.mean(0),
# +          "W1": x.T @ dz1, "b1": dz1.mean(0)}
