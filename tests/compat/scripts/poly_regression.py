"""Fit a polynomial with a linear layer and the smooth L1 loss, updating parameters by hand
(the pattern of the official regression example)."""

import numpy as np
import torch
import torch.nn.functional as F

POLY_DEGREE = 3
W_target = torch.tensor([[0.5], [-1.2], [0.8]])
b_target = torch.tensor([0.3])


def make_features(x):
    """Builds features i.e. a matrix with columns [x, x^2, x^3]."""
    x = x.unsqueeze(1)
    return torch.cat([x**i for i in range(1, POLY_DEGREE + 1)], 1)


def f(x):
    return x.mm(W_target) + b_target.item()


def poly_desc(W, b):
    result = "y = "
    for i, w in enumerate(W):
        result += "{:+.2f} x^{} ".format(w, i + 1)
    result += "{:+.2f}".format(b[0])
    return result


points = np.random.default_rng(0).uniform(-1, 1, (60, 32)).astype(np.float32)
fc = torch.nn.Linear(W_target.size(0), 1)
with torch.no_grad():
    fc.weight.fill_(0.1)
    fc.bias.zero_()

for batch_idx in range(60):
    batch_x = make_features(torch.from_numpy(points[batch_idx]))
    batch_y = f(batch_x)
    fc.zero_grad()
    output = F.smooth_l1_loss(fc(batch_x), batch_y)
    loss = output.item()
    output.backward()
    for param in fc.parameters():
        param.data.add_(-0.5 * param.grad)
    if batch_idx % 10 == 0:
        print("batch {:2d}: loss {:.6f}".format(batch_idx, loss))

print("Loss: {:.6f} after {} batches".format(loss, batch_idx + 1))
print("==> Learned function:\t" + poly_desc(fc.weight.view(-1), fc.bias))
print("==> Actual function:\t" + poly_desc(W_target.view(-1), b_target))
print(
    torch.nn.SmoothL1Loss(beta=0.5)(
        fc(make_features(torch.tensor([0.5, -0.5]))), f(make_features(torch.tensor([0.5, -0.5])))
    )
)
