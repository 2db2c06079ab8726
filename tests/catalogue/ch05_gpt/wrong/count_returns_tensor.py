"""count_parameters that adds up the shapes' sizes with torch: it returns a 0-d tensor, not an int."""
# message: must return an int
# %% count_parameters
def count_parameters(config):
    V, T, L, C = config.vocab_size, config.block_size, config.n_layer, config.n_embd
    b = 1 if config.bias else 0
    sizes = torch.tensor([V * C, T * C, L * (12 * C * C + 2 * C + 11 * C * b), C + C * b])
    return sizes.sum()
