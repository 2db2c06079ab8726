"""parameter count that builds the package's GPT and sums its parameters."""
# message: without building the course's GPT
# %% count_parameters
def count_parameters(config):
    from pixels_to_gpt.model import GPT
    return sum(p.numel() for p in GPT(config).parameters())
