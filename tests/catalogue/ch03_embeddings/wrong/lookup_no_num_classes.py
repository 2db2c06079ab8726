"""one_hot_lookup with F.one_hot(ids) and no num_classes: only max(ids) + 1 columns, so the product fails."""
# message: num_classes=table.size(0)
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    return F.one_hot(ids).to(table.dtype) @ table
