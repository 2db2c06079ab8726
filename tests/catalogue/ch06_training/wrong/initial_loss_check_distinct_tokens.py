"""initial_loss_check taking V as the number of distinct tokens in data: the untrained model spreads its probability over all its vocabulary, whatever the split holds."""
# message: model.config.vocab_size
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(len(torch.unique(data)))
    return loss, ln_v, abs(loss - ln_v) <= tolerance
