"""get_batch drawing starts of shape (batch_size, 1) and "cleaning up" with .squeeze(): a batch of one (or a block of one token) loses its dimension."""
# message: squeeze
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(len(data) - block_size, (batch_size, 1), generator=generator)
    positions = starts + torch.arange(block_size)
    return data[positions].squeeze(), data[positions + 1].squeeze()
