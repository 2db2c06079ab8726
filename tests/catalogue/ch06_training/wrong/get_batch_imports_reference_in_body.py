"""get_batch that imports the course's own get_batch inside the function body and calls it (the import is not a global)."""
# message: course's package
# %% get_batch
def get_batch(data, block_size, batch_size, generator=None):
    from pixels_to_gpt.train import get_batch as course_get_batch

    return course_get_batch(data, block_size, batch_size, generator)
