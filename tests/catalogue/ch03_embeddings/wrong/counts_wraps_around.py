"""cooccurrence_counts that takes positions modulo the length of the text, as if it were a circle: the first and last words become neighbours."""
# message: the text does not wrap around
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    words = ids.tolist()
    n = len(words)
    counts = torch.zeros(vocab_size, vocab_size)
    for p, i in enumerate(words):
        for q in range(p - window, p + window + 1):
            j = words[q % n]
            if q != p and i >= 0 and j >= 0:
                counts[i, j] += 1
    return counts
