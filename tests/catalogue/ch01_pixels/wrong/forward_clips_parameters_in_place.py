"""forward that clips every parameter to [-30, 30] in place to avoid overflow: the caller's parameters change, and so do the probabilities, but only for extreme weights."""
# message: forward wrote into a tensor it was given
# %% forward
def forward(params, x):
    for p in params.values():
        p.clamp_(-30, 30)
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
