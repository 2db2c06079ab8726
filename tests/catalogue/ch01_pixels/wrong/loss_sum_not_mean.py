"""loss that adds up the batch instead of averaging it."""
# message: (not the sum)
# %% loss
def loss(probs, targets):
    return -torch.log(probs[torch.arange(len(targets)), targets]).sum()
