"""train_step that computes gradients but never updates the weights."""
# message: optimizer.step() after it
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    return loss.item()
