"""get_batch drawing starts with torch.randint(1, len(data) - block_size): the window at the very start of the corpus is never drawn."""
# message: starts go from 0
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(1, len(data) - block_size, (batch_size,), generator=generator)
    positions = starts[:, None] + torch.arange(block_size)
    return data[positions], data[positions + 1]
