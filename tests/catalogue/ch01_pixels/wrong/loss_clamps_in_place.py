"""loss that guards against log(0) with probs.clamp_(min=1e-12): the value is right, but it writes into the caller's probabilities (only zeros show it)."""
# message: loss wrote into a tensor it was given
# %% loss
def loss(probs, targets):
    probs.clamp_(min=1e-12)
    return -torch.log(probs[torch.arange(len(targets)), targets]).mean()
