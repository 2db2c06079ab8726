"""top_k_filter that zeroes the filtered logits instead of setting them to -inf."""
# message: not 0
# %% top_k_filter
# changes to wrong/top_k_whole_batch:
# - kth = torch.topk(logits.flatten(), k).values[-1]
# - return logits.masked_fill(logits < kth, float("-inf"))
# + kth = torch.topk(logits, k, dim=-1).values[..., -1:]
# + return logits.masked_fill(logits < kth, 0.0)
