"""generate_cached imports the course's own generate_cached inside its body."""
# message: reaches the course's package
# %% generate_cached
def generate_cached(model, idx, max_new_tokens, temperature=1.0, top_k=None, top_p=None,
                    generator=None):
    from pixels_to_gpt import kv_cache
    return kv_cache.generate_cached(model, idx, max_new_tokens, temperature, top_k, top_p,
                                         generator=generator)
