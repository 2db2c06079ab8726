"""format_chat that leaves the answer's <|end|> out of the mask: the model never learns to stop."""
# message: mark it True, so that the model learns to stop
# %% format_chat
# changes to wrong/format_user_text_in_mask:
# - text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
# - ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text
# - is_answer += [False] + [True] * len(text)
# + text = tokenizer.encode(message["content"])
# + ids += [tokenizer.special[ROLE_TOKENS[message["role"]]]] + text + [tokenizer.special[END]]
# + is_answer += [False] + [message["role"] == "assistant"] * len(text) + [False]
