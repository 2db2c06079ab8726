"""parameter count that counts the output head as well as the token embedding (ignores weight tying)."""
# message: weight tying
# %% count_parameters
def count_parameters(config):
    C = config.n_embd
    per_block = 12 * C * C + 2 * C + (11 * C if config.bias else 0)
    head = config.vocab_size * C
    return (config.vocab_size + config.block_size) * C + config.n_layer * per_block + C * (2 if config.bias else 1) + head
