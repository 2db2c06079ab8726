"""train_step zeroing the gradients between backward and step: the step has nothing to apply."""
# message: optimizer.zero_grad() before loss.backward()
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    _, loss = model(x, y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
