"""attention imported from the course's package."""
# message: not from this notebook
# %% scaled_dot_product_attention
from pixels_to_gpt.attention import scaled_dot_product_attention
