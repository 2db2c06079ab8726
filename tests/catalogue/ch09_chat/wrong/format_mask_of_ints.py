"""format_chat whose is_answer holds 0s and 1s instead of bools."""
# message: is_answer must be a list of True/False (bools)
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        role = message["role"]
        if role not in ROLE_TOKENS:
            raise ValueError(f"unknown role {role!r}")
        text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
        ids += [tokenizer.special[ROLE_TOKENS[role]]] + text
        is_answer += [0] + [int(role == "assistant")] * len(text)
    return ids, is_answer
