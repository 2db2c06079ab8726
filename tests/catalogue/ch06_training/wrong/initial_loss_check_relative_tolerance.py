"""initial_loss_check reading the tolerance as a fraction of ln V instead of a distance in nats."""
# message: compare abs(loss - ln_v) with tolerance itself
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= tolerance * ln_v
