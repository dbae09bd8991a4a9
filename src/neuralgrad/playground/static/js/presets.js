// Ready-made configurations for what the course shows: the perceptron and XOR, features
// that make a problem linear, depth and activations, learning rates that diverge, dead and
// saturated units, optimizers and schedules side by side, overfitting and regularisation.

const PERCEPTRON = { hidden: [], loss: "perceptron", optimizer: { name: "sgd", momentum: 0, nesterov: false },
  lr: 1, batch_size: 1, init: { name: "normal", std: 0 }, l2: 0, epochs: 30 };

export const PRESETS = [
  ["The perceptron (Rosenblatt's rule) on two blobs", { data: { dataset: "blobs" }, models: [PERCEPTRON] }],
  ["The perceptron on XOR: no line separates it", { data: { dataset: "xor" }, models: [PERCEPTRON] }],
  ["XOR with one hidden layer", { data: { dataset: "xor", noise: 0.1 }, models: [{ hidden: [4], activation: "tanh" }] }],
  ["Circles made linear by the features x\u2081\u00b2, x\u2082\u00b2", { data: { dataset: "circles", features: ["x1_sq", "x2_sq"] }, models: [{ hidden: [] }] }],
  ["Spirals: two layers of 8 tanh units, Adam", { data: { dataset: "spirals", points: 600, noise: 0.05 }, models: [{ hidden: [8, 8], activation: "tanh", lr: 0.03 }] }],
  ["A learning rate too high: divergence", { data: { dataset: "moons" }, models: [{ hidden: [8, 8], activation: "relu", optimizer: "sgd", lr: 5 }] }],
  ["Dead ReLUs after a too large step", { data: { dataset: "circles" }, models: [{ hidden: [8, 8], activation: "relu", optimizer: { name: "sgd", momentum: 0, nesterov: false }, lr: 3, batch_size: 50 }] }],
  ["Saturated sigmoids in a deep network", { data: { dataset: "circles" }, models: [{ hidden: [8, 8, 8, 8, 8, 8], activation: "sigmoid", init: { name: "normal", std: 1 }, optimizer: "sgd", lr: 0.1 }] }],
  ["Overfitting: few noisy points, a big network", { data: { dataset: "spirals", points: 100, noise: 0.25 }, models: [{ hidden: [32, 32], activation: "relu", epochs: 600 }] }],
  ["Compare: SGD without momentum vs Adam", { compare: true, data: { dataset: "spirals", noise: 0.05 }, models: [{ hidden: [8, 8], optimizer: { name: "sgd", momentum: 0, nesterov: false }, lr: 0.03 }, { hidden: [8, 8], optimizer: "adam", lr: 0.03 }] }],
  ["Compare: sigmoid vs ReLU, four layers", { compare: true, data: { dataset: "circles" }, models: [{ hidden: [8, 8, 8, 8], activation: "sigmoid", optimizer: "sgd", lr: 0.1 }, { hidden: [8, 8, 8, 8], activation: "relu", optimizer: "sgd", lr: 0.1 }] }],
  ["Compare: no penalty vs L2 on a noisy set", { compare: true, data: { dataset: "moons", points: 120, noise: 0.3 }, models: [{ hidden: [32, 32], activation: "relu", l2: 0, epochs: 400 }, { hidden: [32, 32], activation: "relu", l2: 1, epochs: 400 }] }],
  ["Compare: constant rate vs one cycle", { compare: true, data: { dataset: "spirals", noise: 0.05 }, models: [{ hidden: [8, 8], lr: 0.01, epochs: 100 }, { hidden: [8, 8], lr: 0.01, epochs: 100, schedule: { name: "onecycle", max_lr: 0.05 } }] }],
  ["Fit a curve: sin x with 16 tanh units", { data: { dataset: "curve", features: ["x1"], noise: 0.1 }, models: [{ hidden: [16, 16], activation: "tanh" }] }],
];

/** The state a preset makes: the defaults, then the preset's fields. */
export function presetState(index, defaults) {
  const [, p] = PRESETS[index];
  const data = { ...structuredClone(defaults.data), ...(p.data || {}) };
  const models = (p.models || [{}]).map((m) => ({ ...structuredClone(defaults.model), ...structuredClone(m) }));
  if (models.length < 2) models.push(structuredClone(models[0]));
  return { data, models, compare: Boolean(p.compare) };
}
