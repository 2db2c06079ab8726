"""forward that squashes in the wrong order: sigmoid in the first hidden layer, tanh in the second."""
# message: (tanh first)
# %% forward
def forward(params, x):
    h1 = torch.sigmoid(x @ params["W1"] + params["b1"])
    h2 = torch.tanh(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
