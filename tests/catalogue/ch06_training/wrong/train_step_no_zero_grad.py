"""train_step that never zeroes the gradients: each step adds all the earlier gradients."""
# message: zero the gradients with optimizer.zero_grad()
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss.item()
