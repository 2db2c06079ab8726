"""cooccurrence_counts that returns bincount's integer counts (torch.long), not float32."""
# message: convert them with .float()
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    counts = torch.zeros(vocab_size * vocab_size, dtype=torch.long)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        left, right = left[known], right[known]
        for centre, context in ((left, right), (right, left)):
            counts += torch.bincount(centre * vocab_size + context, minlength=vocab_size * vocab_size)
    return counts.view(vocab_size, vocab_size)
