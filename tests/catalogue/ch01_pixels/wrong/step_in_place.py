"""gradient_step with the right values, but it updates the caller's tensors in place (-=)."""
# message: changed the caller's parameters in place
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
# - return {k: params[k] - lr * grads[k] for k in params}
# + for k in params:
# +     params[k] -= lr * grads[k]
# + return params
