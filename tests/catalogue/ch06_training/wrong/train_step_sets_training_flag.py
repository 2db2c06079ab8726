"""train_step that sets model.training = True instead of calling model.train(): only the top module changes mode, its layers (dropout included) stay in evaluation mode."""
# message: call model.train()
# %% train_step
def train_step(model, optimizer, x, y):
    model.training = True
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss.item()
