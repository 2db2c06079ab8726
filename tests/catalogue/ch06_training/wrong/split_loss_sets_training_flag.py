"""split_loss setting model.training = False instead of calling model.eval(): only the top module changes mode, its dropout layers stay on."""
# message: changes the top module only
# %% split_loss
# changes to wrong/split_loss_random_batches:
# - starts = torch.randint(len(data) - T, (n,))
# - x_all = torch.stack([data[s : s + T] for s in starts.tolist()])
# - y_all = torch.stack([data[s + 1 : s + T + 1] for s in starts.tolist()])
# + x_all, y_all = data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T)
# - model.eval()
# + model.training = False
# - model.train(was)
# + model.training = was
