"""initial_loss_check taking V as the largest id in data plus one, not the model's vocabulary size."""
# message: model.config.vocab_size
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(int(data.max()) + 1)
    return loss, ln_v, abs(loss - ln_v) <= tolerance
