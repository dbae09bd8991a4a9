"""Several optimizers and learning-rate schedules on one regression problem."""

import numpy as np
import torch
import torch.utils.data as Data
from torch.optim import lr_scheduler

torch.set_num_threads(1)
print("threads:", torch.get_num_threads())
x = torch.unsqueeze(torch.linspace(-1, 1, 200), dim=1)
y = x.pow(2) + 0.1 * torch.from_numpy(np.random.default_rng(5).normal(size=(200, 1))).float()
loader = Data.DataLoader(dataset=Data.TensorDataset(x, y), batch_size=50, shuffle=False)


def make_net(seed):
    net = torch.nn.Sequential(torch.nn.Linear(1, 20), torch.nn.ReLU(), torch.nn.Linear(20, 1))
    values = np.random.default_rng(seed)
    state = {
        k: torch.from_numpy(values.normal(0, 0.4, tuple(v.shape)).astype(np.float32))
        for k, v in net.state_dict().items()
    }
    net.load_state_dict(state)
    return net


nets = [make_net(s) for s in range(4)]
opts = [
    torch.optim.SGD(nets[0].parameters(), lr=0.05),
    torch.optim.SGD(nets[1].parameters(), lr=0.05, momentum=0.8),
    torch.optim.RMSprop(nets[2].parameters(), lr=0.01, alpha=0.9),
    torch.optim.Adam(nets[3].parameters(), lr=0.01, betas=(0.9, 0.99)),
]
scheds = [
    lr_scheduler.StepLR(opts[0], step_size=2, gamma=0.5),
    lr_scheduler.ExponentialLR(opts[1], gamma=0.9),
    lr_scheduler.MultiStepLR(opts[2], milestones=[2, 4], gamma=0.1),
    lr_scheduler.CosineAnnealingLR(opts[3], T_max=6),
]
print([type(s).__module__ == lr_scheduler.__name__ for s in scheds])
loss_func = torch.nn.MSELoss()
for epoch in range(6):
    losses = []
    for net, opt in zip(nets, opts):
        for b_x, b_y in loader:
            loss = loss_func(net(b_x), b_y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        losses.append(loss.item())
    for s in scheds:
        s.step()
    print(
        epoch, " ".join(f"{v:.5f}" for v in losses), [f"{s.get_last_lr()[0]:.5f}" for s in scheds]
    )
print(opts[3].state_dict()["param_groups"][0]["lr"], len(opts[3].state_dict()["state"]))
