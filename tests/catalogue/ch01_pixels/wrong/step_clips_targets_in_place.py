"""gradient_step that 'guards' the targets with targets[targets > 3] = 3: it writes into the caller's targets, which valid targets never show."""
# message: gradient_step wrote into a tensor it was given
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - def gradient_step(params, x, targets, lr):
# + def gradient_step(params, x, targets, lr):
# +     targets[targets > 3] = 3
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
