"""get_batch from data.unfold (all windows as a view); train_step computing cross-entropy itself."""
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    windows = data.unfold(0, block_size + 1, 1)  # (len(data) - block_size, block_size + 1)
    rows = torch.randint(windows.size(0), (batch_size,), generator=generator)
    chosen = windows[rows]
    return chosen[:, :block_size].clone(), chosen[:, 1:].clone()

# %% train_step
import torch.nn.functional as F

def train_step(model, optimizer, x, y):
    model.train()
    model.zero_grad()
    logits = model(x)
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
    loss.backward()
    optimizer.step()
    return loss.detach().item()
