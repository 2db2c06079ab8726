"""count_pairs that calls __import__ on the course's module inside the function body."""
# message: importing the course's reference earns no points
# %% count_pairs
def count_pairs(ids):
    return __import__("pixels_to_gpt.bpe", fromlist=["count_pairs"]).count_pairs(ids)
