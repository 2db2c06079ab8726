"""parameter count that ignores config.bias."""
# message: biases when config.bias
# %% count_parameters
def count_parameters(config):
    C = config.n_embd
    return (config.vocab_size + config.block_size) * C + config.n_layer * (12 * C * C + 2 * C) + C
