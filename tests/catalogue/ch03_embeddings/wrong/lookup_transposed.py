"""one_hot_lookup that multiplies in the wrong orientation: table.T @ one_hot.T gives (C, n), the vectors as columns."""
# message: one-hot matrix on the left
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    one_hot = F.one_hot(ids, num_classes=table.size(0)).to(table.dtype)
    return table.T @ one_hot.T
