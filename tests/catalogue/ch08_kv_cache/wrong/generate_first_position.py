"""generate_cached takes the logits of the first position of what it fed: after the prefill that
is the prompt's first token, not its last."""
# message: the first new token is wrong
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - model.training = False
# + model.eval()
# - logits = cached_forward(model, new, cache)[:, -1, :]
# + logits = cached_forward(model, new, cache)[:, 0, :]
# - model.training = was_training
# + if was_training:
# +     model.train()
