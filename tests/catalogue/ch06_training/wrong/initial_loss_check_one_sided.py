"""initial_loss_check that only fears a loss far above ln V: a model that already knows its split, far below, passes as healthy."""
# message: check both sides
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, loss <= ln_v + tolerance
