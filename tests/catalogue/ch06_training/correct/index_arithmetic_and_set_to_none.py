"""get_batch by indexing with starts + arange; train_step zeroing with set_to_none=True."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(0, len(data) - block_size, (batch_size,), generator=generator)
    offsets = torch.arange(block_size + 1)
    windows = data[starts.unsqueeze(1) + offsets]
    return windows[:, :-1], windows[:, 1:]

# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad(set_to_none=True)
    logits, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return float(loss)
