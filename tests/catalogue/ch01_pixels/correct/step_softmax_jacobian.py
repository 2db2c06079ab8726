"""gradient_step through dL/dp = -onehot / (B p) and the softmax's Jacobian, with tanh' = 1 / cosh²(z)."""
# %% gradient_step
def gradient_step(params, x, targets, lr):
    B = x.shape[0]
    z1 = x @ params["W1"] + params["b1"]
    h1 = torch.tanh(z1)
    z2 = h1 @ params["W2"] + params["b2"]
    h2 = torch.sigmoid(z2)
    p = torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
    dp = torch.zeros_like(p)
    dp[torch.arange(B), targets] = -1 / (B * p[torch.arange(B), targets])
    # softmax Jacobian: dz_k = p_k (dp_k - sum_j p_j dp_j)
    dz3 = p * (dp - (p * dp).sum(dim=1, keepdim=True))
    dz2 = torch.einsum("bk,jk->bj", dz3, params["W3"]) * torch.sigmoid(z2) * torch.sigmoid(-z2)
    dz1 = torch.einsum("bk,jk->bj", dz2, params["W2"]) / torch.cosh(z1) ** 2
    new = {}
    for name, a, d in (("3", h2, dz3), ("2", h1, dz2), ("1", x, dz1)):
        new["W" + name] = params["W" + name] - lr * torch.einsum("bi,bj->ij", a, d)
        new["b" + name] = params["b" + name] - lr * d.sum(dim=0)
    return new
