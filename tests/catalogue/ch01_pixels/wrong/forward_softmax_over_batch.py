"""forward whose softmax runs over the batch (dim=0) instead of over each display's four scores."""
# message: softmax over each row
# %% forward
def forward(params, x):
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=0)
