"""get_batch with x and y swapped: the targets are the tokens before, not after."""
# message: y must be x shifted by one
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts.tolist()])
    y = torch.stack([data[s : s + block_size] for s in starts.tolist()])
    return x, y
