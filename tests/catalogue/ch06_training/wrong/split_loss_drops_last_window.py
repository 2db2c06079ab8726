"""split_loss counting len(data) // T - 1 windows "to be safe": the last window that fits is left out."""
# message: none is left out
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = len(data) // T - 1
    x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
    was = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch_size):
            _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
            total += loss.item() * len(x_all[i : i + batch_size])
    model.train(was)
    return total / n
