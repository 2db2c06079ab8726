"""one_hot_lookup that 'guards' the ids with ids.clamp_(0, V - 1): right rows, but it writes into the caller's ids, which valid ids never show."""
# message: one_hot_lookup wrote into a tensor it was given
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    ids.clamp_(0, table.size(0) - 1)
    return F.one_hot(ids, num_classes=table.size(0)).to(table.dtype) @ table
