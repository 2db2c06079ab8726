"""initial_loss_check that ignores the tolerance it is given and always allows 0.1."""
# message: compare abs(loss - ln_v) with tolerance itself
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= 0.1
