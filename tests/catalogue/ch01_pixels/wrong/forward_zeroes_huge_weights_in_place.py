"""forward that guards against exploding weights by zeroing those above 50 through a view of the caller's W1: only extreme weights show the change."""
# message: forward wrote into a tensor it was given
# %% forward
def forward(params, x):
    w1 = params["W1"].view(-1)
    w1[w1.abs() > 50] = 0.0
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
