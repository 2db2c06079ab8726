"""generate_cached rebuilds the cache when the next token would just fill the window
(cache.length + 1 >= block_size): right tokens, but it recomputes a window that still fit."""
# message: Rebuild only when the next token would not fit
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - if cache.length + new.size(1) > block_size:
# + if cache.length + new.size(1) >= block_size:
# - model.training = was_training
