"""apply_temperature that accepts zero and negative temperatures."""
# message: must raise ValueError
# %% apply_temperature
def apply_temperature(logits, temperature):
    return logits / temperature
