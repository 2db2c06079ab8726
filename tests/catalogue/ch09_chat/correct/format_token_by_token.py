"""format_chat that appends one id and one flag at a time, with a role table of its own."""
# %% format_chat
def format_chat(messages, tokenizer):
    roles = {"user": "<|user|>", "assistant": "<|assistant|>"}
    ids = []
    is_answer = []
    for message in messages:
        if message["role"] not in roles:
            raise ValueError("a message's role is 'user' or 'assistant', not "
                             + repr(message["role"]))
        ids.append(tokenizer.special[roles[message["role"]]])
        is_answer.append(False)
        for token in tokenizer.encode(message["content"]) + [tokenizer.special["<|end|>"]]:
            ids.append(int(token))
            is_answer.append(message["role"] == "assistant")
    return ids, is_answer
