"""split_loss switching gradients off with torch.set_grad_enabled(False) and never back on: the training after it cannot backpropagate."""
# message: switches them back on
# %% split_loss
# changes to wrong/split_loss_keeps_gradients:
# - def split_loss(model, data, batch_size=64):
# + def split_loss(model, data, batch_size=64):
# +     torch.set_grad_enabled(False)
