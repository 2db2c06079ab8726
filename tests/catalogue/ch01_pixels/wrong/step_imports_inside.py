"""gradient_step that reaches the course's reference through importlib inside the function body."""
# message: importing the course's reference earns no points
# %% gradient_step
def gradient_step(params, x, targets, lr):
    import importlib
    return importlib.import_module("pixels_to_gpt.pixels").gradient_step(params, x, targets, lr)
