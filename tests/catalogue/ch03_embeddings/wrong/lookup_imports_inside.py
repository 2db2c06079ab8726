"""one_hot_lookup that imports the course's reference inside the function body."""
# message: importing the course's reference earns no points
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    from pixels_to_gpt.embeddings import one_hot_lookup as course_lookup
    return course_lookup(ids, table)
