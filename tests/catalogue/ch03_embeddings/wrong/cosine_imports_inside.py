"""cosine_similarity that imports the course's module inside the function body (import ... as)."""
# message: importing the course's reference earns no points
# %% cosine_similarity
def cosine_similarity(a, b, eps=1e-8):
    import pixels_to_gpt.embeddings as course
    return course.cosine_similarity(a, b, eps)
