"""train_step that zeroes the gradients at the end of the step instead of the start: gradients left in the model before the call are added to this step's."""
# message: zero the gradients
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    return loss.item()
