"""dropout that hands the work to F.dropout, which the exercise forbids (and which cannot draw from the generator)."""
# message: write dropout yourself
# %% dropout
def dropout(x, p, training, generator=None):
    return F.dropout(x, p, training)
