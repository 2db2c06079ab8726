"""cooccurrence_counts whose offsets run over range(1, window + 2): one word too many on each side."""
# message: range(1, window + 1)
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    counts = torch.zeros(vocab_size * vocab_size)
    for offset in range(1, window + 2):
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        left, right = left[known], right[known]
        for centre, context in ((left, right), (right, left)):
            counts += torch.bincount(centre * vocab_size + context,
                                     minlength=vocab_size * vocab_size).float()
    return counts.view(vocab_size, vocab_size)
