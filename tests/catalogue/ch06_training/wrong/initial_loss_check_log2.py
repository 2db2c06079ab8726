"""initial_loss_check comparing the loss with log2 V, the uniform guess in bits: the loss is in nats."""
# message: that is log2
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log2(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= tolerance
