"""top_k_filter that fills with -1e9 instead of -inf."""
# message: not a large
# %% top_k_filter
# changes to wrong/top_k_whole_batch:
# - kth = torch.topk(logits.flatten(), k).values[-1]
# - return logits.masked_fill(logits < kth, float("-inf"))
# + kth = torch.topk(logits, k, dim=-1).values[..., -1:]
# + return logits.masked_fill(logits < kth, -1e9)
