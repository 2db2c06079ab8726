"""apply_temperature that multiplies by the temperature instead of dividing."""
# message: divide the logits by the temperature
# %% apply_temperature
def apply_temperature(logits, temperature):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    return logits * temperature
