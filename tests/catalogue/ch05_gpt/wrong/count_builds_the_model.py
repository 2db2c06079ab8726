"""parameter count that builds the package's GPT and sums its parameters."""
# message: the course's
# %% count_parameters
def count_parameters(config):
    from pixels_to_gpt.model import GPT
    return sum(p.numel() for p in GPT(config).parameters())
