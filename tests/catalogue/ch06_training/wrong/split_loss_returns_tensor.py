"""split_loss summing the batches' loss tensors and returning a tensor instead of a Python float."""
# message: return a Python float
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = (len(data) - 1) // T
    x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
    was = model.training
    model.eval()
    total = torch.zeros(())
    with torch.no_grad():
        for i in range(0, n, batch_size):
            _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
            total = total + loss * len(x_all[i : i + batch_size])
    model.train(was)
    return total / n
