"""forward with the right values, but it stores its hidden layers in the caller's params dict."""
# message: changed the parameters or the displays
# %% forward
def forward(params, x):
    params["h1"] = torch.tanh(x @ params["W1"] + params["b1"])
    params["h2"] = torch.sigmoid(params["h1"] @ params["W2"] + params["b2"])
    return torch.softmax(params["h2"] @ params["W3"] + params["b3"], dim=-1)
