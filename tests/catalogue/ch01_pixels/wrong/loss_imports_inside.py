"""loss that imports the course's module inside the body (import ... as) and calls its cross_entropy."""
# message: importing the course's reference earns no points
# %% loss
def loss(probs, targets):
    import pixels_to_gpt.pixels as course
    return course.cross_entropy(probs, targets)
