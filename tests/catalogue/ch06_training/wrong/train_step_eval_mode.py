"""train_step that never switches the model to training mode (dropout stays off)."""
# message: call model.train()
# %% train_step
def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss.item()
