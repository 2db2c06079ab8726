"""loss that takes -log of every probability in the row, not only the right symbol's."""
# message: MINUS the log of the right symbol's probability
# %% loss
def loss(probs, targets):
    return -torch.log(probs).mean()
