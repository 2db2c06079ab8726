"""forward that hard-codes 4 units in the first hidden layer, the size of the visible example."""
# message: is invalid for input of size 1
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"]).reshape(-1, 4)
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
