"""gradient_step that squeezes delta3: for a batch of one display it becomes a vector (4,) and the matrix products break."""
# message: B=1
# %% gradient_step
# changes to wrong/step_weight_gradient_transposed:
# - dz3 = (probs - torch.nn.functional.one_hot(targets, 4)) / len(targets)
# + dz3 = ((probs - torch.nn.functional.one_hot(targets, 4)) / len(targets)).squeeze()
# - grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": dz2.T @ h1, "b2": dz2.sum(0),
# + grads = {"W3": h2.T @ dz3, "b3": dz3.sum(0), "W2": h1.T @ dz2, "b2": dz2.sum(0),
