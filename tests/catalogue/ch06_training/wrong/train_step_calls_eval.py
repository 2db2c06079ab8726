"""train_step that puts the model in evaluation mode, mixing up training and use."""
# message: call model.train()
# %% train_step
def train_step(model, optimizer, x, y):
    model.eval()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss.item()
