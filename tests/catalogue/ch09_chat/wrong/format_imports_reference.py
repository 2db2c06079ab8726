"""format_chat imported from the course's own solutions."""
# message: import
# %% format_chat
from pixels_to_gpt.chat import format_chat
