"""one_hot_lookup that converts the one-hot matrix with .float(), which breaks for a float64 table."""
# message: .to(table.dtype)
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    return F.one_hot(ids, num_classes=table.size(0)).float() @ table
