"""generate_cached keeps one cache per model between calls, to save work: the second text starts
with the first one's keys and values in it."""
# message: make a new KVCache in every call
# %% generate_cached
# changes to wrong/generate_sets_training_flag:
# - def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
# + import weakref
# +
# + CACHES = weakref.WeakKeyDictionary()  # one cache per model still alive (an id() is reused)
# +
# +
# + def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
# - model.training = False
# - cache = KVCache(model.config.n_layer)
# + model.eval()
# + cache = CACHES.setdefault(model, KVCache(model.config.n_layer))
# - cache, new = KVCache(model.config.n_layer), idx[:, -block_size:]
# + cache = CACHES[model] = KVCache(model.config.n_layer)
# + new = idx[:, -block_size:]
# - model.training = was_training
# + if was_training:
# +     model.train()
