"""one_hot_lookup that indexes the table (table[ids]): the right numbers, but not the product the exercise is about."""
# message: instead of indexing the table
# %% one_hot_lookup
def one_hot_lookup(ids, table):
    return table[ids]
