"""apply_temperature that divides the caller's tensor in place."""
# message: in place
# %% apply_temperature
def apply_temperature(logits, temperature):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    logits /= temperature
    return logits
