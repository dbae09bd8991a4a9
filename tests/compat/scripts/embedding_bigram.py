"""A character-level bigram model: counts in an int32 table, then an embedding and a linear
layer trained with cross-entropy (the first steps of a well-known language-model series)."""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

words = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "luna", "ella", "nova"]
chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)

N = torch.zeros((V, V), dtype=torch.int32)
xs, ys = [], []
for w in words:
    seq = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(seq, seq[1:]):
        N[stoi[ch1], stoi[ch2]] += 1
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
P = (N + 1).float()
P /= P.sum(1, keepdims=True)
print(N.dtype, N.sum().item(), N[0].tolist()[:6], P[0, :4])
xs, ys = torch.tensor(xs), torch.tensor(ys)
nll = -P[xs, ys].log().mean()
print(f"count model nll: {nll.item():.4f}")

emb = nn.Embedding(V, 8)
head = nn.Linear(8, V)
init = np.random.default_rng(6)
with torch.no_grad():
    emb.weight.copy_(torch.from_numpy(init.normal(0, 1, (V, 8)).astype(np.float32)))
    head.weight.copy_(torch.from_numpy(init.normal(0, 0.1, (V, 8)).astype(np.float32)))
    head.bias.zero_()
print(emb, head)
params = list(emb.parameters()) + list(head.parameters())
print(sum(p.nelement() for p in params), "parameters")
for step in range(40):
    logits = head(torch.tanh(emb(xs)))
    loss = F.cross_entropy(logits, ys)
    for p in params:
        p.grad = None
    loss.backward()
    for p in params:
        p.data += -1.0 * p.grad
    if step % 10 == 0:
        print(f"step {step}: loss {loss.item():.4f}")

out, ix = [], 0
with torch.no_grad():
    for _ in range(8):
        probs = F.softmax(head(torch.tanh(emb(torch.tensor([ix])))), dim=1)
        ix = torch.topk(probs, 1).indices.item()
        if ix == 0:
            break
        out.append(itos[ix])
print("greedy sample:", "".join(out), F.one_hot(torch.tensor([ix, 1]), V).shape)
