"""loss that replaces zero probabilities in the caller's tensor (probs[probs == 0] = 1e-12) before taking the log."""
# message: loss wrote into a tensor it was given
# %% loss
def loss(probs, targets):
    probs[probs == 0] = 1e-12
    return -torch.log(probs[torch.arange(len(targets)), targets]).mean()
