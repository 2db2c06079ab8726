"""loss that takes the log of the wrong thing: -log(1 - p) of the right symbol's probability."""
# message: not -log(1 - p)
# %% loss
def loss(probs, targets):
    return -torch.log(1 - probs[torch.arange(len(targets)), targets]).mean()
