"""masked_loss that averages each row's answer tokens, then the rows that have any: a short
answer's tokens weigh more."""
# message: summed and divided by how many there are in the batch
# %% masked_loss
def masked_loss(logits, targets, mask):
    losses = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
    rows = [losses[b][mask[b]].mean() for b in range(len(mask)) if mask[b].any()]
    return torch.stack(rows).mean()
