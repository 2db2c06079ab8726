"""cooccurrence_counts whose window includes the word's own position (q == p is not skipped), so every word is counted as its own neighbour."""
# message: a position is never its own neighbour
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    words = ids.tolist()
    counts = torch.zeros(vocab_size, vocab_size)
    for p, i in enumerate(words):
        for q in range(max(0, p - window), min(len(words), p + window + 1)):
            if i >= 0 and words[q] >= 0:
                counts[i, words[q]] += 1
    return counts
