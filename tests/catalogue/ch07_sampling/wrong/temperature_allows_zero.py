"""apply_temperature that refuses negative temperatures but lets 0 through (division by zero gives inf)."""
# message: temperature 0 must raise ValueError
# %% apply_temperature
def apply_temperature(logits, temperature):
    if temperature < 0:
        raise ValueError("temperature must not be negative")
    return logits / temperature
