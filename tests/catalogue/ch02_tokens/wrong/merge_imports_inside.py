"""merge that imports the course's merge inside the function body."""
# message: importing the course's reference earns no points
# %% merge
def merge(ids, pair, new_id):
    from pixels_to_gpt.bpe import merge as course_merge
    return course_merge(ids, pair, new_id)
