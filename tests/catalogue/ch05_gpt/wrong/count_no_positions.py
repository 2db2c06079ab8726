"""parameter count without the position embeddings."""
# message: position embeddings
# %% count_parameters
def count_parameters(config):
    C = config.n_embd
    per_block = 12 * C * C + 2 * C + (11 * C if config.bias else 0)
    return config.vocab_size * C + config.n_layer * per_block + C * (2 if config.bias else 1)
