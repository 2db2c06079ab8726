"""get_batch that leaves generator=None to torch (the global generator) and keeps data's dtype with new_empty; split_loss under the @torch.no_grad() decorator, slicing the windows out of one view, saving and restoring every layer's own mode; initial_loss_check as -ln(1/V) with a chained comparison."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    last = len(data) - block_size - 1
    starts = torch.randint(0, last + 1, size=(batch_size,), generator=generator)
    x = data.new_empty((batch_size, block_size))
    y = data.new_empty((batch_size, block_size))
    for row, s in enumerate(starts.tolist()):
        window = data[s : s + block_size + 1]
        x[row], y[row] = window[:-1], window[1:]
    return x, y

# %% split_loss
@torch.no_grad()
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = (len(data) - 1) // T
    modes = [(layer, layer.training) for layer in model.modules()]
    model.eval()
    x_all = data[: n * T].reshape(n, T)
    y_all = data[1 : n * T + 1].reshape(n, T)
    weighted = []
    for start in range(0, n, batch_size):
        x, y = x_all[start : start + batch_size], y_all[start : start + batch_size]
        weighted.append(model(x, y)[1].item() * x.shape[0])
    for layer, mode in modes:
        layer.training = mode
    return float(sum(weighted) / n)

# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    measured = split_loss(model, data)
    uniform = -math.log(1 / model.config.vocab_size)
    return measured, uniform, uniform - tolerance <= measured <= uniform + tolerance
