"""loss that guards against log(0) by clamping probabilities to at least 0.1, which changes every small one."""
# message: loss returned a wrong value
# %% loss
def loss(probs, targets):
    right = probs[torch.arange(len(targets)), targets].clamp(min=0.1)
    return -torch.log(right).mean()
