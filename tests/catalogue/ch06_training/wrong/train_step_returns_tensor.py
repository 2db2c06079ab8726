"""train_step returning the loss tensor instead of a Python float."""
# message: loss.item()
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss
