"""format_chat that ends only the assistant's messages with <|end|>."""
# message: the user's as well as the assistant's
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        role = message["role"]
        if role not in ROLE_TOKENS:
            raise ValueError(f"unknown role {role!r}")
        text = tokenizer.encode(message["content"])
        if role == "assistant":
            text = text + [tokenizer.special[END]]
        ids += [tokenizer.special[ROLE_TOKENS[role]]] + text
        is_answer += [False] + [role == "assistant"] * len(text)
    return ids, is_answer
