"""softmax that wraps the course's reference function."""
# message: course's package
# %% softmax
import pixels_to_gpt.sampling as reference

def softmax(logits, dim=-1):
    return reference.softmax(logits, dim)
