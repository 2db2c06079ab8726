"""format_chat that marks the <|assistant|> token as part of the answer."""
# message: the <|assistant|> token is not part of the answer
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        if message["role"] not in ROLE_TOKENS:
            raise ValueError(f"unknown role {message['role']!r}")
        answer = message["role"] == "assistant"
        text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
        ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text
        is_answer += [answer] * (len(text) + 1)
    return ids, is_answer
