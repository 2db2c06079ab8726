"""format_chat whose is_answer holds 0s and 1s instead of bools."""
# message: is_answer must be a list of True/False (bools)
# %% format_chat
# changes to wrong/format_user_text_in_mask:
# - if message["role"] not in ROLE_TOKENS:
# - raise ValueError(f"unknown role {message['role']!r}")
# + role = message["role"]
# + if role not in ROLE_TOKENS:
# +     raise ValueError(f"unknown role {role!r}")
# - ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text
# - is_answer += [False] + [True] * len(text)
# + ids += [tokenizer.special[ROLE_TOKENS[role]]] + text
# + is_answer += [0] + [int(role == "assistant")] * len(text)
