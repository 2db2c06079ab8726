"""one_hot_lookup that ends with .squeeze(): ids of shape (1,) or (1, 3) lose their dimension of size 1, and so does a table of one column."""
# message: don't squeeze
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    return (F.one_hot(ids, num_classes=table.size(0)).to(table.dtype) @ table).squeeze()
