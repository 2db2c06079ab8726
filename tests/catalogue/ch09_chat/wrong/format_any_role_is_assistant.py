"""format_chat that treats every role but "user" as the assistant, without a ValueError."""
# message: must raise ValueError
# %% format_chat
# changes to wrong/format_user_text_in_mask:
# - if message["role"] not in ROLE_TOKENS:
# - raise ValueError(f"unknown role {message['role']!r}")
# + user = message["role"] == "user"
# - ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text
# - is_answer += [False] + [True] * len(text)
# + ids += [tokenizer.special[USER if user else ASSISTANT]] + text
# + is_answer += [False] + [not user] * len(text)
