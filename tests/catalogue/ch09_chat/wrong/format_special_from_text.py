"""format_chat that writes the template as text and turns every '<|...|>' in it into a special
token, so a user who types '<|end|>' ends their message."""
# message: the characters they type are plain text
# %% format_chat
import re

SPECIAL = re.compile(r"(<\|user\|>|<\|assistant\|>|<\|end\|>)")


def encode_template(text, tokenizer):
    ids = []
    for piece in SPECIAL.split(text):
        if piece in tokenizer.special:
            ids.append(tokenizer.special[piece])
        elif piece:
            ids += tokenizer.encode(piece)
    return ids


def format_chat(messages, tokenizer):
    ids, is_answer = [], []
    for message in messages:
        role = message["role"]
        if role not in ROLE_TOKENS:
            raise ValueError(f"unknown role {role!r}")
        ids.append(tokenizer.special[ROLE_TOKENS[role]])
        text = encode_template(message["content"] + END, tokenizer)
        ids += text
        is_answer += [False] + [role == "assistant"] * len(text)
    return ids, is_answer
