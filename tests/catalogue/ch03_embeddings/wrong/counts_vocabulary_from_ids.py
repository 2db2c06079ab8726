"""cooccurrence_counts that sizes the matrix by the largest id (ids.max() + 1) instead of vocab_size, so words that do not occur at the end of the vocabulary lose their rows."""
# message: use vocab_size, not ids.max() + 1
# %% cooccurrence_counts
# changes to wrong/counts_one_sided:
# - counts = torch.zeros(vocab_size, vocab_size)
# + size = int(ids.max()) + 1
# + counts = torch.zeros(size, size)
# - counts.index_put_((left[known], right[known]), torch.ones(int(known.sum())), accumulate=True)
# + ones = torch.ones(int(known.sum()))
# + counts.index_put_((left[known], right[known]), ones, accumulate=True)
# + counts.index_put_((right[known], left[known]), ones, accumulate=True)
