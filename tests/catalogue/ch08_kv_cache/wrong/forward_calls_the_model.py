"""cached_forward hands the work to the model's own forward, which the exercise replaces."""
# message: cached_forward called the model itself
# %% cached_forward
def cached_forward(model, idx, cache):
    return model(idx, cache=cache)
