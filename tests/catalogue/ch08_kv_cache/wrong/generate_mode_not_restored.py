"""generate_cached leaves a model that was training in evaluation mode."""
# message: must be training again afterwards
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - model.training = was_training
