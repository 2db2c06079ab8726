"""get_batch filling preallocated tensors in a loop; split_loss computing a summed cross-entropy itself from model(x), all windows stacked in a Python loop; initial_loss_check with ln V from float64 torch and an explicit if."""
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

# %% split_loss
import torch.nn.functional as F

def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    starts = list(range(0, len(data) - T, T))
    was = model.training
    model.eval()
    total, count = 0.0, 0
    try:
        with torch.no_grad():
            for i in range(0, len(starts), batch_size):
                chunk = starts[i : i + batch_size]
                x = torch.stack([data[s : s + T] for s in chunk])
                y = torch.stack([data[s + 1 : s + T + 1] for s in chunk])
                logits = model(x)
                total += F.cross_entropy(logits.flatten(0, 1), y.flatten(), reduction="sum").item()
                count += y.numel()
    finally:
        model.train(was)
    return total / count

# %% initial_loss_check
def initial_loss_check(model, data, tolerance=0.1):
    loss = split_loss(model, data)
    ln_v = torch.tensor(model.config.vocab_size, dtype=torch.float64).log().item()
    if loss > ln_v + tolerance or loss < ln_v - tolerance:
        return loss, ln_v, False
    return loss, ln_v, True
