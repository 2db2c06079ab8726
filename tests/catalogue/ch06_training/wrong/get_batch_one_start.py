"""get_batch drawing a single start and repeating that window batch_size times."""
# message: its own random start
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    s = int(torch.randint(len(data) - block_size, (1,), generator=generator))
    x = data[s : s + block_size].repeat(batch_size, 1)
    y = data[s + 1 : s + 1 + block_size].repeat(batch_size, 1)
    return x, y
