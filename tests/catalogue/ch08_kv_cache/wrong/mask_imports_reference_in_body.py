"""cached_attention_mask that imports the course's causal_mask inside the function body and cuts it (the import is not a global)."""
# message: course's package
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    from pixels_to_gpt.attention import causal_mask

    total = n_cached + n_new
    past = causal_mask(total)[-n_new:]
    recent = causal_mask(total).T.tril(max_len - 1).T[-n_new:]
    return past & recent
