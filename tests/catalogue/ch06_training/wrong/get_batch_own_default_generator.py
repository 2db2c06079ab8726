"""get_batch that makes a generator of its own when none is given (generator or torch.Generator()): with generator=None every call returns the same batch, whatever torch's global seed."""
# message: generator=None
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    generator = generator or torch.Generator()
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s : s + block_size] for s in starts.tolist()])
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts.tolist()])
    return x, y
