"""scaled_dot_product_attention that imports the course's reference inside the function body."""
# message: importing the course's reference earns no points
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    from pixels_to_gpt.attention import scaled_dot_product_attention as course_attention
    return course_attention(q, k, v, causal=causal)
