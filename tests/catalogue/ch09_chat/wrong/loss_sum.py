"""masked_loss that sums the answer tokens' losses without dividing by their number."""
# message: divide it by their number
# %% masked_loss
def masked_loss(logits, targets, mask):
    losses = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="none")
    return (losses * mask.flatten().to(losses.dtype)).sum()
