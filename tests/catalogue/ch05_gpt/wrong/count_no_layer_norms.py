"""parameter count that forgets the layer norms."""
# message: layer norms
# %% count_parameters
def count_parameters(config):
    C = config.n_embd
    per_block = 12 * C * C + (9 * C if config.bias else 0)
    return (config.vocab_size + config.block_size) * C + config.n_layer * per_block
