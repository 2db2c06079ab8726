"""one_hot_lookup that flattens the ids: (B, T) ids give (B*T, C) instead of (B, T, C)."""
# message: don't flatten the ids
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    one_hot = F.one_hot(ids.reshape(-1), num_classes=table.size(0)).to(table.dtype)
    return one_hot @ table
