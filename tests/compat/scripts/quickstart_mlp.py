"""Train a small MLP classifier: the quickstart pattern, device selection included."""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"Using {device} device")

# two interleaved half-moons, made with NumPy so every library sees the same points
rng = np.random.default_rng(0)
angle = rng.uniform(0, np.pi, 256)
X = np.stack([np.cos(angle), np.sin(angle)], 1) + rng.normal(0, 0.1, (256, 2))
y = (rng.uniform(size=256) < 0.5).astype(np.int64)
X[y == 1] = X[y == 1] * [1, -1] + [1.0, 0.5]
X = X.astype(np.float32)

train = TensorDataset(torch.from_numpy(X[:192]), torch.from_numpy(y[:192]))
test = TensorDataset(torch.from_numpy(X[192:]), torch.from_numpy(y[192:]))
train_loader = DataLoader(train, batch_size=32)
test_loader = DataLoader(test, batch_size=64)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 16)
        self.fc2 = nn.Linear(16, 16)
        self.out = nn.Linear(16, 2)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return self.out(x)


model = NeuralNetwork().to(device)
# the same starting weights in every library: small values from NumPy's generator
weights = np.random.default_rng(1)
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(weights.normal(0, 0.5, tuple(p.shape)).astype(np.float32)))
print(model)

loss_fn = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)


def train_epoch(loader, model, loss_fn, optimizer):
    model.train()
    for batch, (Xb, yb) in enumerate(loader):
        Xb, yb = Xb.to(device), yb.to(device)
        loss = loss_fn(model(Xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


def evaluate(loader, model, loss_fn):
    model.eval()
    total, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for Xb, yb in loader:
            pred = model(Xb.to(device))
            total += loss_fn(pred, yb).item() * len(yb)
            correct += (pred.argmax(1) == yb).type(torch.float).sum().item()
            n += len(yb)
    return total / n, correct / n


for epoch in range(8):
    last = train_epoch(train_loader, model, loss_fn, optimizer)
    test_loss, accuracy = evaluate(test_loader, model, loss_fn)
    print(
        f"Epoch {epoch + 1}: last batch loss {last:>8.5f}, test loss {test_loss:.5f}, "
        f"accuracy {100 * accuracy:.1f}%"
    )

torch.save(model.state_dict(), "model.pth")
restored = NeuralNetwork()
restored.load_state_dict(torch.load("model.pth"))
restored.eval()
with torch.no_grad():
    logits = restored(torch.from_numpy(X[:4]))
print(logits)
print(logits.softmax(dim=1).max(1))
