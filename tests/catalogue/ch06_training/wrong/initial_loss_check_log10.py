"""initial_loss_check comparing the loss with log10 V: the cross-entropy is in nats, measured with the natural logarithm."""
# message: natural logarithm
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log10(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= tolerance
