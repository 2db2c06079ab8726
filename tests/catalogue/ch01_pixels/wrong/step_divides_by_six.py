"""gradient_step that divides by 6, the batch size of the visible test, instead of by the batch size B."""
# message: the output layer's gradient is wrong
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz3 = (probs - torch.nn.functional.one_hot(targets, 4)) / len(targets)
# + dz3 = (probs - torch.nn.functional.one_hot(targets, 4)) / 6
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
