"""count_parameters that counts attention head by head with hs = n_embd / n_head, a float: the count comes out right but as a float (812288.0), not an int."""
# message: must return an int
# %% count_parameters
def count_parameters(config):
    C, nh = config.n_embd, config.n_head
    hs = C / nh
    attention = nh * 3 * C * hs + C * C  # q, k, v per head, then the projection
    mlp = 8 * C * C
    norms = 2 * C
    per_block = attention + mlp + norms
    if config.bias:
        per_block += 3 * C + C + 4 * C + C + 2 * C
    final_norm = 2 * C if config.bias else C
    return config.vocab_size * C + config.block_size * C + config.n_layer * per_block + final_norm
