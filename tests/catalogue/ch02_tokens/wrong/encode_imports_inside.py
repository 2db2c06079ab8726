"""encode that imports the course's module inside the function body (import ... as)."""
# message: importing the course's reference earns no points
# %% encode
def encode(text, merges):
    import pixels_to_gpt.bpe as course
    return course.encode(text, merges)
