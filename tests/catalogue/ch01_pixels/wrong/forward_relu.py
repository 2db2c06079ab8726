"""forward with a ReLU in the first hidden layer instead of tanh."""
# message: forward is wrong on the worked example
# %% forward
def forward(params, x):
    h1 = torch.relu(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    return torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
