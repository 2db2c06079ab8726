"""train_step calling optimizer.step() twice: every update is doubled."""
# message: exactly once
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()
