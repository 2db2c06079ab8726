"""format_chat that ends only the assistant's messages with <|end|>."""
# message: the user's as well as the assistant's
# %% format_chat
# changes to wrong/format_role_token_in_mask:
# - text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
# + text = tokenizer.encode(message["content"]) + ([tokenizer.special[END]] if answer else [])
# - is_answer += [answer] * (len(text) + 1)
# + is_answer += [False] + [answer] * len(text)
