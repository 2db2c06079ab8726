"""initial_loss_check measuring the loss on the split's first window only instead of the whole split."""
# message: over the whole split
# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    T = model.config.block_size
    model.eval()
    with torch.no_grad():
        _, loss = model(data[:T].view(1, T), data[1 : T + 1].view(1, T))
    model.train()
    loss = loss.item()
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= tolerance
