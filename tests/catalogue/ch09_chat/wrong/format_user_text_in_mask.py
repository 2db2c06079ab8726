"""format_chat that marks every message's text as the answer, the user's too."""
# message: the user's message (its role token, text and <|end|>) is not the answer
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        if message["role"] not in ROLE_TOKENS:
            raise ValueError(f"unknown role {message['role']!r}")
        text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
        ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text
        is_answer += [False] + [True] * len(text)
    return ids, is_answer
