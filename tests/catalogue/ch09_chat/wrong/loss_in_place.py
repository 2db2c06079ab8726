"""masked_loss that writes -100 into the targets it is given."""
# message: masked_loss changed its inputs in place
# %% masked_loss
def masked_loss(logits, targets, mask):
    targets[~mask] = -100
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=-100)
