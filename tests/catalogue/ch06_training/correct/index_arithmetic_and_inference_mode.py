"""get_batch by indexing with starts + arange; split_loss under torch.inference_mode(), its windows from data.unfold with step T, weighted by tokens; initial_loss_check with math.isclose and an absolute tolerance."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(0, len(data) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size + 1)
    windows = data[starts.unsqueeze(1) + offsets]
    return windows[:, :-1], windows[:, 1:]

# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    # (n, T + 1): windows T apart, each with the token after it; n = (len(data) - 1) // T
    windows = data.unfold(0, T + 1, T)
    was_training = model.training
    model.train(False)
    loss_sum, tokens = 0.0, 0
    with torch.inference_mode():
        for batch in windows.split(batch_size):
            _, loss = model(batch[:, :-1], batch[:, 1:])
            loss_sum += loss.item() * batch[:, 1:].numel()
            tokens += batch[:, 1:].numel()
    model.train(was_training)
    return loss_sum / tokens

# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, math.isclose(loss, ln_v, rel_tol=0.0, abs_tol=tolerance)
