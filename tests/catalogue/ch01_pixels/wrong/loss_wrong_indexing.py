"""loss that indexes probs[:, targets], a (B, B) table mixing displays with other displays' targets."""
# message: probs[i, targets[i]]
# %% loss
def loss(probs, targets):
    return -torch.log(probs[:, targets]).mean()
