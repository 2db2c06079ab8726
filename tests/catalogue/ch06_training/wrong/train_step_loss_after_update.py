"""train_step returning the loss measured again after the update, from a second forward pass."""
# message: one forward pass per step
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        _, after = model(x, y)
    return after.item()
