"""gradient_step written with einsum index sums, as the chain rule reads entry by entry, with tanh' = 1 - tanh(z1)² recomputed from the sum z1."""
# %% gradient_step
def gradient_step(params, x, targets, lr):
    z1 = torch.einsum("bi,ij->bj", x, params["W1"]) + params["b1"]
    h1 = torch.tanh(z1)
    z2 = torch.einsum("bi,ij->bj", h1, params["W2"]) + params["b2"]
    h2 = torch.sigmoid(z2)
    probs = torch.softmax(torch.einsum("bi,ij->bj", h2, params["W3"]) + params["b3"], dim=-1)
    n = len(targets)
    d3 = probs.clone()
    d3[range(n), targets] = d3[range(n), targets] - 1
    d3 = d3 / n
    # dL/dh2[b, j] = sum_k d3[b, k] W3[j, k]: every logit k that h2[b, j] feeds
    d2 = torch.einsum("bk,jk->bj", d3, params["W3"]) * h2 * (1 - h2)
    d1 = torch.einsum("bk,jk->bj", d2, params["W2"]) * (1 - torch.tanh(z1) ** 2)
    out = {}
    for layer, inputs, d in (("1", x, d1), ("2", h1, d2), ("3", h2, d3)):
        out["W" + layer] = params["W" + layer] - lr * torch.einsum("bi,bj->ij", inputs, d)
        out["b" + layer] = params["b" + layer] - lr * torch.einsum("bj->j", d)
    return out
