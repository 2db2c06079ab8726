"""generate_cached ends with model.train() whatever the mode it found: a model in evaluation mode
comes back training."""
# message: must stay in it
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - model.training = was_training
# + model.train()
