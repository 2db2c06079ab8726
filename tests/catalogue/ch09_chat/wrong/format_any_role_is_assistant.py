"""format_chat that treats every role but "user" as the assistant, without a ValueError."""
# message: must raise ValueError
# %% format_chat
def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        user = message["role"] == "user"
        text = tokenizer.encode(message["content"]) + [tokenizer.special[END]]
        ids += [tokenizer.special[USER if user else ASSISTANT]] + text
        is_answer += [False] + [not user] * len(text)
    return ids, is_answer
