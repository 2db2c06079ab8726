"""initial_loss_check using ln(V + 1), as if the vocabulary had one more token (a padding or end token)."""
# message: that is ln(V + 1)
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size + 1)
    return loss, ln_v, abs(loss - ln_v) <= tolerance
