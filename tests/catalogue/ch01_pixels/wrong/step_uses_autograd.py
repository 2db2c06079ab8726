"""gradient_step that lets autograd (loss.backward()) find the gradients instead of deriving them."""
# message: must not use autograd
# %% gradient_step
def gradient_step(params, x, targets, lr):
    leaves = {k: v.detach().clone().requires_grad_() for k, v in params.items()}
    value = loss(forward(leaves, x), targets)
    value.backward()
    return {k: params[k] - lr * leaves[k].grad for k in params}
