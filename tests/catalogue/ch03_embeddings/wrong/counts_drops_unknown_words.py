"""cooccurrence_counts that removes the unknown words (-1) before counting, so the words on either side of one become neighbours."""
# message: don't remove it before counting
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    ids = ids[ids >= 0]
    counts = torch.zeros(vocab_size * vocab_size)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        for centre, context in ((left, right), (right, left)):
            counts += torch.bincount(centre * vocab_size + context,
                                     minlength=vocab_size * vocab_size).float()
    return counts.view(vocab_size, vocab_size)
