"""gradient_step that averages the weight gradients over the batch once more (h.T @ delta / B), though delta already holds the 1/B of the mean loss."""
# message: from delta3 to dL/dW3
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# - "W1": x.T @ dz1, "b1": dz1.sum(0)}
# + B = len(targets)
# + grads = {"W3": h2.T @ dz3 / B, "b3": dz3.sum(0), "W2": h1.T @ dz2 / B, "b2": dz2.sum(0),
# +          "W1": x.T @ dz1 / B, "b1": dz1.sum(0)}
