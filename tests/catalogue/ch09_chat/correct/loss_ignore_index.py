"""masked_loss with ignore_index: the positions that don't count get the target -100."""
# %% masked_loss
def masked_loss(logits, targets, mask):
    ignored = torch.where(mask, targets, torch.full_like(targets, -100))
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), ignored.reshape(-1),
                           ignore_index=-100)
