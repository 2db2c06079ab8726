"""forward that 'makes sure' the pixels are in [-1, 1] with x.clamp_(-1, 1): it writes into the caller's displays, which no ±1 display shows."""
# message: forward wrote into a tensor it was given
# %% forward
def forward(params, x):
    x.clamp_(-1, 1)
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
