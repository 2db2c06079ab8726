"""format_chat that builds (id, flag) pairs for each message, then unzips them."""
# %% format_chat
def message_pairs(message, tokenizer):
    if message["role"] == "user":
        head, answer = tokenizer.special[USER], False
    elif message["role"] == "assistant":
        head, answer = tokenizer.special[ASSISTANT], True
    else:
        raise ValueError(f"role must be 'user' or 'assistant', got {message['role']!r}")
    body = [*tokenizer.encode(message["content"]), tokenizer.special[END]]
    return [(head, False)] + [(token, answer) for token in body]


def format_chat(messages, tokenizer):
    pairs = [pair for message in messages for pair in message_pairs(message, tokenizer)]
    return [token for token, _ in pairs], [bool(flag) for _, flag in pairs]
