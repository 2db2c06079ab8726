"""masked_loss in a loop over the positions, summed in float64, returned in the logits' dtype."""
# %% masked_loss
def masked_loss(logits, targets, mask):
    total = torch.zeros((), dtype=torch.float64)
    count = 0
    for b in range(logits.shape[0]):
        for t in range(logits.shape[1]):
            if mask[b, t]:
                row = logits[b, t].double()
                total = total + torch.logsumexp(row, dim=0) - row[targets[b, t]]
                count += 1
    return (total / count).to(logits.dtype)
