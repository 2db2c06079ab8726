"""split_loss over windows that start every T // 2 tokens: each window overlaps the next, so most tokens are counted twice."""
# message: none overlaps another
# %% split_loss
def split_loss(model, data, batch_size=64):
    T = model.config.block_size
    step = max(1, T // 2)
    starts = list(range(0, len(data) - T, step))
    was = model.training
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, len(starts), batch_size):
            rows = starts[i : i + batch_size]
            x = torch.stack([data[s : s + T] for s in rows])
            y = torch.stack([data[s + 1 : s + T + 1] for s in rows])
            _, loss = model(x, y)
            total += loss.item() * len(rows)
    model.train(was)
    return total / len(starts)
