"""gradient_step that adds the gradient: it climbs the loss instead of descending."""
# message: went uphill
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
# - return {k: params[k] - lr * grads[k] for k in params}
# + return {k: params[k] + lr * grads[k] for k in params}
