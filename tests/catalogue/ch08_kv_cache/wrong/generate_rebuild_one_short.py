"""generate_cached rebuilds the cache from the last block_size - 1 tokens: one token of context too
few, unlike uncached generation."""
# message: not fewer, and not the old cache
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - was_training = model.training
# - model.training = False
# + model.eval()
# - cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
# + cache, new = KVCache(model.config.n_layer), idx[:, -(block_size - 1):]
# - model.training = was_training
