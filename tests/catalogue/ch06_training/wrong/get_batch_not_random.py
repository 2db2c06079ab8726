"""get_batch taking consecutive windows in order: every seed gives the same batch."""
# message: different generator seeds gave the same batch
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    n = len(data) - block_size
    starts = [i % n for i in range(batch_size)]
    x = torch.stack([data[s : s + block_size] for s in starts])
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts])
    return x, y
