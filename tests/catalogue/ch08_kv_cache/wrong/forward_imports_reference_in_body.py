"""cached_forward imports the course's own cached_forward inside its body."""
# message: reaches the course's package
# %% cached_forward
def cached_forward(model, idx, cache):
    from pixels_to_gpt.kv_cache import cached_forward as answer
    return answer(model, idx, cache)
