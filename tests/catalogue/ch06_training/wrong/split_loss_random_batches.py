"""split_loss estimating the loss from as many random windows as the split holds: a noisy figure, different windows counted twice or not at all."""
# message: non-overlapping windows
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = (len(data) - 1) // T
    starts = torch.randint(len(data) - T, (n,))
    x_all = torch.stack([data[s : s + T] for s in starts.tolist()])
    y_all = torch.stack([data[s + 1 : s + T + 1] for s in starts.tolist()])
    was = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch_size):
            _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
            total += loss.item() * len(x_all[i : i + batch_size])
    model.train(was)
    return total / n
