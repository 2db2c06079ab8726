"""decode that reads each token's bytes as UTF-8 on its own, breaking characters split across tokens."""
# message: ids are bytes, not characters
# %% decode
def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():
        vocab[new_id] = vocab[a] + vocab[b]
    return "".join(vocab[i].decode("utf-8", errors="replace") for i in ids)
