"""forward written with torch.einsum, the sigmoid as 1 / (1 + e^-z), and the softmax from torch.exp."""
# %% forward
def forward(params, x):
    h1 = torch.tanh(torch.einsum("bi,ij->bj", x, params["W1"]) + params["b1"])
    h2 = 1 / (1 + torch.exp(-(torch.einsum("bi,ij->bj", h1, params["W2"]) + params["b2"])))
    logits = torch.einsum("bi,ij->bj", h2, params["W3"]) + params["b3"]
    exps = torch.exp(logits - logits.max(dim=1, keepdim=True).values)
    return exps / exps.sum(dim=1, keepdim=True)
