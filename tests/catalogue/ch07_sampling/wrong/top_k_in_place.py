"""top_k_filter that masks the caller's tensor in place with masked_fill_."""
# message: in place
# %% top_k_filter
# changes to wrong/top_k_whole_batch:
# - kth = torch.topk(logits.flatten(), k).values[-1]
# - return logits.masked_fill(logits < kth, float("-inf"))
# + kth = torch.topk(logits, k, dim=-1).values[..., -1:]
# + return logits.masked_fill_(logits < kth, float("-inf"))
