"""get_batch filling tensors preallocated as torch.long: right for int64 data, but a corpus stored as int32 comes back with another dtype."""
# message: must keep the dtype of data
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    x = torch.zeros(batch_size, block_size, dtype=torch.long)
    y = torch.zeros(batch_size, block_size, dtype=torch.long)
    for i, s in enumerate(torch.randint(len(data) - block_size, (batch_size,), generator=generator).tolist()):
        x[i] = data[s : s + block_size]
        y[i] = data[s + 1 : s + 1 + block_size]
    return x, y
