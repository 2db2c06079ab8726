"""get_batch that leaves generator=None to torch (the global generator) and keeps data's dtype with new_empty; train_step setting the mode with model.train(mode=True) and clipping nothing."""
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

# %% train_step
def train_step(model, optimizer, x, y):
    model.train(mode=True)
    for group in optimizer.param_groups:
        for p in group["params"]:
            p.grad = None
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    value = loss.item()
    return value
