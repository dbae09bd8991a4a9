"""Two-class classification with the legacy typed tensors and a hand-written Net class."""

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(3)
x0 = rng.normal(2, 1, (100, 2))
x1 = rng.normal(-2, 1, (100, 2))
x = torch.cat((torch.from_numpy(x0), torch.from_numpy(x1)), 0).type(torch.FloatTensor)
y = torch.cat((torch.zeros(100), torch.ones(100))).type(torch.LongTensor)
print(x.type(), y.type(), x.shape, y[:5], y[-5:])


class Net(torch.nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super(Net, self).__init__()
        self.hidden = torch.nn.Linear(n_feature, n_hidden)
        self.out = torch.nn.Linear(n_hidden, n_output)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        return self.out(x)


net = Net(n_feature=2, n_hidden=10, n_output=2)
init = np.random.default_rng(4)
for name, p in net.named_parameters():
    p.data = torch.from_numpy(init.uniform(-0.5, 0.5, tuple(p.shape))).float()
print(net)

optimizer = torch.optim.SGD(net.parameters(), lr=0.02)
loss_func = torch.nn.CrossEntropyLoss()
for t in range(60):
    out = net(x)
    loss = loss_func(out, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if t % 10 == 0:
        prediction = torch.max(out, 1)[1]
        pred_y, target_y = prediction.data.numpy(), y.data.numpy()
        accuracy = float((pred_y == target_y).astype(int).sum()) / float(target_y.size)
        print("step %d: loss=%.4f accuracy=%.2f" % (t, loss.data.numpy(), accuracy))
print(F.softmax(net(x[:3]), dim=1))
