"""gradient_step that updates the weights but leaves the biases where they were."""
# message: unchanged: update every parameter
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# - "W1": x.T @ dz1, "b1": dz1.sum(0)}
# - return {k: params[k] - lr * grads[k] for k in params}
# + grads = {"W3": h2.T @ dz3, "W2": h1.T @ dz2, "W1": x.T @ dz1}
# + return {k: params[k] - lr * grads[k] if k in grads else params[k].clone() for k in params}
