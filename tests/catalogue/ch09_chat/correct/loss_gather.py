"""masked_loss from log_softmax and gather, keeping the answer positions by boolean indexing."""
# %% masked_loss
def masked_loss(logits, targets, mask):
    log_probs = torch.log_softmax(logits, dim=-1)
    picked = log_probs.gather(-1, targets.unsqueeze(-1)).squeeze(-1)  # (B, T)
    return -picked[mask].mean()
