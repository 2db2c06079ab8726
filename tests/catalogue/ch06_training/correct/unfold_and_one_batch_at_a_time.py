"""get_batch from data.unfold (all windows as a view); split_loss taking one window at a time whatever batch_size (every batch then has the same size), mode restored with model.train(mode=...); initial_loss_check from the head's number of outputs."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    windows = data.unfold(0, block_size + 1, 1)  # (len(data) - block_size, block_size + 1)
    rows = torch.randint(windows.size(0), (batch_size,), generator=generator)
    chosen = windows[rows]
    return chosen[:, :block_size].clone(), chosen[:, 1:].clone()

# %% split_loss
def split_loss(model, data, batch_size=64):
    block = model.config.block_size
    count = (len(data) - 1) // block
    mode = model.training
    model.eval()
    losses = []
    with torch.no_grad():
        for i in range(count):
            x = data[i * block : (i + 1) * block].unsqueeze(0)
            y = data[i * block + 1 : (i + 1) * block + 1].unsqueeze(0)
            losses.append(model(x, y)[1].item())
    model.train(mode=mode)
    return sum(losses) / count

# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = math.log(model.lm_head.out_features)  # one output per token of the vocabulary
    healthy = bool(abs(loss - ln_v) <= tolerance)
    return (loss, ln_v, healthy)
