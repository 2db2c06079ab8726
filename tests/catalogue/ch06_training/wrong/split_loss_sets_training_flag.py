"""split_loss setting model.training = False instead of calling model.eval(): only the top module changes mode, its dropout layers stay on."""
# message: changes the top module only
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = (len(data) - 1) // T
    x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
    was = model.training
    model.training = False
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch_size):
            _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
            total += loss.item() * len(x_all[i : i + batch_size])
    model.training = was
    return total / n
