"""split_loss averaging the batches' mean losses: a last batch of one window counts as much as a full batch."""
# message: the smaller last batch counts less
# %% split_loss
# changes to wrong/split_loss_random_batches:
# - starts = torch.randint(len(data) - T, (n,))
# - x_all = torch.stack([data[s : s + T] for s in starts.tolist()])
# - y_all = torch.stack([data[s + 1 : s + T + 1] for s in starts.tolist()])
# + x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
# - total = 0.0
# + losses = []
# - total += loss.item() * len(x_all[i : i + batch_size])
# + losses.append(loss.item())
# - return total / n
# + return sum(losses) / len(losses)
