"""split_heads that calls __import__ on the course's module inside the function body."""
# message: importing the course's reference earns no points
# %% split_heads
def split_heads(x, n_head):
    return __import__("pixels_to_gpt.attention", fromlist=["split_heads"]).split_heads(x, n_head)
