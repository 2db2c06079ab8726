"""decode that turns each byte into a character with chr, so UTF-8 breaks: 'é' becomes 'Ã©'."""
# message: ids are bytes, not characters
# %% decode
def decode(ids, merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():
        vocab[new_id] = vocab[a] + vocab[b]
    return "".join(chr(byte) for i in ids for byte in vocab[i])
