"""get_batch whose targets are the inputs themselves: the model would learn to copy, not to predict."""
# message: y must be x shifted by one
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s : s + block_size] for s in starts.tolist()])
    return x, x.clone()
