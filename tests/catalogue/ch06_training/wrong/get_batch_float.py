"""get_batch returning float tensors: token ids must stay integers for the embedding."""
# message: must keep the dtype of data
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s : s + block_size] for s in starts.tolist()]).float()
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts.tolist()]).float()
    return x, y
