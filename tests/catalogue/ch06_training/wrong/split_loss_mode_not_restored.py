"""split_loss that switches the model to evaluation mode and leaves it there: the training that follows runs without dropout."""
# message: put it back in the mode it was in
# %% split_loss
# changes to wrong/split_loss_random_batches:
# - starts = torch.randint(len(data) - T, (n,))
# - x_all = torch.stack([data[s : s + T] for s in starts.tolist()])
# - y_all = torch.stack([data[s + 1 : s + T + 1] for s in starts.tolist()])
# - was = model.training
# + x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
# - model.train(was)
