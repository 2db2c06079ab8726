"""cooccurrence_counts that indexes with the unknown words' -1, which is the last row and column: the last word of the vocabulary collects their company."""
# message: -1 is the last row
# %% cooccurrence_counts
# changes to wrong/counts_one_sided:
# - known = (left >= 0) & (right >= 0)
# - counts.index_put_((left[known], right[known]), torch.ones(int(known.sum())), accumulate=True)
# + ones = torch.ones(left.size(0))
# + counts.index_put_((left, right), ones, accumulate=True)
# + counts.index_put_((right, left), ones, accumulate=True)
