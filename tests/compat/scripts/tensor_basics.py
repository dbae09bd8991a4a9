"""Tensor basics the way tutorials print them: shapes, dtypes, typed tensors, formatting."""

import numpy as np
import torch
from torch.autograd import Variable

x = torch.tensor(1.0, requires_grad=True)
w = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
y = w * x + b
y.backward()
print(x.grad, w.grad, b.grad)
print("y = {}".format(y.item()), "| formatted: {:.3f}".format(y), f"| {y.detach():+.2e}")

np_data = np.arange(6).reshape((2, 3))
torch_data = torch.from_numpy(np_data)
print("\nnumpy array:", np_data, "\ntorch tensor:", torch_data, "\nback:", torch_data.numpy())

t = torch.FloatTensor([[1, 2], [3, 4]])
print(t, t.dtype, t.type(), t.shape, t.size(), t.size(1), t.dim(), t.numel(), t.nelement())
print(isinstance(t, torch.FloatTensor), isinstance(t, torch.LongTensor), torch.is_tensor(t))
labels = torch.LongTensor([2, 0, 1])
print(labels, labels.type(torch.FloatTensor), labels.int(), labels.short().dtype)
print(torch.Tensor(2, 3).shape, torch.Size([4, 5]) + (6,), torch.numel(t))

v = Variable(t, requires_grad=True)
out = torch.mean(v * v)
out.backward()
print(out.item(), v.grad, v.data.numpy())

counts = torch.zeros((3, 3), dtype=torch.int32)
for a, c in [(0, 1), (1, 2), (0, 1), (2, 2)]:
    counts[a, c] += 1
print(counts, counts.sum(), (counts + 1).float() / (counts + 1).sum(1, keepdims=True))

z = torch.tensor([[0.5, 2.0, -1.0], [3.0, 0.25, 1.5]])
print(z.sum(axis=0), z.mean(axis=1, keepdims=True), z.argmax(axis=1), z.max(1))
print(torch.cumsum(z, dim=1), z.cumprod(0), torch.sort(z, descending=True))
print(z.topk(2), torch.argsort(z[0]), torch.std_mean(z, dim=1), torch.var_mean(z))
print(
    torch.sinh(z),
    torch.cosh(z[0]),
    torch.log10(torch.tensor([1.0, 100.0, 1000.0])),
    torch.log2(torch.tensor([1.0, 8.0, 0.5])),
)
gx, gy = torch.meshgrid(torch.linspace(-1, 1, 3), torch.tensor([0.0, 1.0]), indexing="xy")
print(gx, gy, torch.histc(z, bins=4, min=-1, max=3), torch.histogram(z, bins=3))
print(torch.linspace(-0.5, 0.5, 11))
print(torch.tensor([1.5, 2.5]).half(), torch.tensor([300, 7]).byte(), torch.tensor([-1.7]).char())
