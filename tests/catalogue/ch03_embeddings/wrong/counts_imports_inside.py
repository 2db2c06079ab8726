"""cooccurrence_counts that imports the course's reference inside the function body."""
# message: importing the course's reference earns no points
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    from pixels_to_gpt.embeddings import cooccurrence_counts as course_counts
    return course_counts(ids, vocab_size, window)
