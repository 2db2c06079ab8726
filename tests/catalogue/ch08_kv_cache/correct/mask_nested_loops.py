"""cached_attention_mask built as a nested Python list, then turned into a bool tensor."""
# %% cached_attention_mask
def cached_attention_mask(n_new, n_cached, max_len):
    rows = []
    for i in range(n_new):
        position = n_cached + i
        rows.append([position - max_len < j <= position for j in range(n_cached + n_new)])
    return torch.tensor(rows, dtype=torch.bool).reshape(n_new, n_cached + n_new)
