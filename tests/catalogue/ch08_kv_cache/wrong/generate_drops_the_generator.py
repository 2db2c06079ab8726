"""generate_cached does not pass the generator on to sample_next_token: sampled texts ignore the
seed."""
# message: pass temperature, top_k, top_p and generator on
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - model.training = False
# + model.eval()
# - new = sample_next_token(logits, temperature, top_k, top_p, generator)
# + new = sample_next_token(logits, temperature, top_k, top_p)
# - model.training = was_training
# + if was_training:
# +     model.train()
