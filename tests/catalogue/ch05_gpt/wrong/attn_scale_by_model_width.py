"""hand-written attention that divides the scores by sqrt(C), the model's width, instead of the head size."""
# message: differs from the package's attention
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(C)
    scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    y = torch.softmax(scores, dim=-1) @ v
    return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
