"""forward that imports the course's reference inside the function body and returns its answer."""
# message: importing the course's reference earns no points
# %% forward
def forward(params, x):
    from pixels_to_gpt.pixels import forward as reference
    return reference(params, x)
