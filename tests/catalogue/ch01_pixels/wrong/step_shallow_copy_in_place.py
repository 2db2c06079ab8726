"""gradient_step that copies the dict (dict(params)) but then updates its tensors in place: they are the caller's tensors."""
# message: changed the caller's parameters in place
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - def gradient_step(params, x, targets, lr):
# + def gradient_step(params, x, targets, lr):
# +     new = dict(params)
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
# - return {k: params[k] - lr * grads[k] for k in params}
# + for k in new:
# +     new[k] -= lr * grads[k]
# + return new
