"""get_batch stacking the windows as columns: shape (block_size, batch_size)."""
# message: must have shape (batch_size, block_size)
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s : s + block_size] for s in starts.tolist()], dim=1)
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts.tolist()], dim=1)
    return x, y
