"""format_chat that leaves the answer's <|end|> out of the mask: the model never learns to stop."""
# message: mark it True, so that the model learns to stop
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        if message["role"] not in ROLE_TOKENS:
            raise ValueError(f"unknown role {message['role']!r}")
        text = tokenizer.encode(message["content"])
        ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text + [tokenizer.special[END]]
        is_answer += [False] + [message["role"] == "assistant"] * len(text) + [False]
    return ids, is_answer
