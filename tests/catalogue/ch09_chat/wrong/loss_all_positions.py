"""masked_loss that ignores the mask: the mean over every position."""
# message: masked_loss averaged over every position
# %% masked_loss
def masked_loss(logits, targets, mask):
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())
