"""masked_loss that computes in float32 whatever the logits' dtype."""
# message: keep the dtype of the logits
# %% masked_loss
def masked_loss(logits, targets, mask):
    losses = F.cross_entropy(logits.float().flatten(0, 1), targets.flatten(), reduction="none")
    mask = mask.flatten().float()
    return (losses * mask).sum() / mask.sum()
