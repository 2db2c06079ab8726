"""split_loss counting len(data) // T - 1 windows "to be safe": the last window that fits is left out."""
# message: none is left out
# %% split_loss
# changes to wrong/split_loss_random_batches:
# - n = (len(data) - 1) // T
# - starts = torch.randint(len(data) - T, (n,))
# - x_all = torch.stack([data[s : s + T] for s in starts.tolist()])
# - y_all = torch.stack([data[s + 1 : s + T + 1] for s in starts.tolist()])
# + n = len(data) // T - 1
# + x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
