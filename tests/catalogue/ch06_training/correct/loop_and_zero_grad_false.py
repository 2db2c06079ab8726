"""get_batch filling preallocated tensors in a loop; train_step zeroing gradients to 0 in place."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    x = torch.empty(batch_size, block_size, dtype=data.dtype)
    y = torch.empty(batch_size, block_size, dtype=data.dtype)
    starts = torch.randint(high=len(data) - block_size, size=(batch_size,), generator=generator)
    for i in range(batch_size):
        s = int(starts[i])
        x[i] = data[s : s + block_size]
        y[i] = data[s + 1 : s + block_size + 1]
    return x, y

# %% train_step
def train_step(model, optimizer, x, y):
    model.train(True)
    optimizer.zero_grad(set_to_none=False)
    out = model(x, y)
    out[1].backward()
    optimizer.step()
    return out[1].item()
