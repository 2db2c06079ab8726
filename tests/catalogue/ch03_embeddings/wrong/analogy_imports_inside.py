"""analogy that imports the course's reference inside the function body."""
# message: importing the course's reference earns no points
# %% analogy
def analogy(vectors, a, b, c, k=1):
    from pixels_to_gpt.embeddings import analogy as course_analogy
    return course_analogy(vectors, a, b, c, k)
