"""generate_cached starts with only the prompt's last token in the cache: the model never sees the
rest of the prompt."""
# message: the first new token is wrong
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - new = idx[:, -block_size:]
# + new = idx[:, -1:]
# - model.training = was_training
