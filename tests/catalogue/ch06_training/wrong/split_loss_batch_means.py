"""split_loss averaging the batches' mean losses: a last batch of one window counts as much as a full batch."""
# message: the smaller last batch counts less
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    n = (len(data) - 1) // T
    x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
    was = model.training
    model.eval()
    losses = []
    with torch.no_grad():
        for i in range(0, n, batch_size):
            _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
            losses.append(loss.item())
    model.train(was)
    return sum(losses) / len(losses)
