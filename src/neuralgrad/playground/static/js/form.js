// The data panel and the model panel, built from the server's vocabulary (the recipe's
// choices with their settings, the data sets and features, the defaults and the bounds).
// Every control is a native input, select or button, so all of them take the keyboard.

import { choiceText } from "./url.js";

const DATASET_NAMES = { circles: "Circles", xor: "XOR", moons: "Moons", spirals: "Spirals",
  blobs: "Gaussian blobs", curve: "1-D curve (regression)", csv: "Your own CSV" };
const FEATURE_NAMES = { x1: "x\u2081", x2: "x\u2082", x1_sq: "x\u2081\u00b2", x2_sq: "x\u2082\u00b2",
  x1_x2: "x\u2081x\u2082", sin_x1: "sin x\u2081", sin_x2: "sin x\u2082" };
const ONE_INPUT = ["x1", "x1_sq", "sin_x1"];

//: The model panel: recipe field, label, kind, test id.
const MODEL_FIELDS = [
  ["hidden", "Hidden layers (units each)", "sizes", "hidden-layers"],
  ["activation", "Activation", "choice", "activation"],
  ["optimizer", "Optimizer", "choice", "optimizer"],
  ["lr", "Learning rate", "number", "learning-rate"],
  ["schedule", "Learning-rate schedule", "choice", "schedule"],
  ["loss", "Loss", "choice", "loss"],
  ["init", "Initialisation", "choice", "init"],
  ["norm", "Normalisation layers", "choice", "norm"],
  ["dropout", "Dropout", "number", "dropout"],
  ["l2", "L2 penalty", "number", "l2"],
  ["l1", "L1 penalty", "number", "l1"],
  ["batch_size", "Batch size", "number", "batch-size"],
  ["epochs", "Epochs", "number", "epochs"],
  ["seed", "Seed (weights, batch order)", "number", "seed"],
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node && k !== "list") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/** A number from a text box, or the text itself when it is none (the server names it). */
export function numberOf(text) {
  const t = String(text).trim();
  return t !== "" && Number.isFinite(Number(t)) ? Number(t) : t;
}

export function sizesOf(text) {
  const parts = String(text).split(/[\s,]+/).filter(Boolean);
  const sizes = parts.map(Number);
  return sizes.every((n) => Number.isInteger(n)) ? sizes : String(text);
}

function field(name, label, control, testid) {
  control.id = `f-${name}`;
  control.name = name;
  if (testid) control.dataset.testid = testid;
  return el("div", { className: "field", dataset: { field: name } },
    el("label", { htmlFor: control.id }, label), control);
}

export class Forms {
  /** ``onChange(what)``: "data" or "model" after an edit; ``onUpload(file)``. */
  constructor(vocab, state, onChange, onUpload) {
    this.vocab = vocab;
    this.state = state;
    this.active = 0;
    this.onChange = onChange;
    this.onUpload = onUpload;
    this.dims = 2;
    for (const id of ["data-form", "model-form"]) {
      // Enter in a text box applies it (its change event) and submits nothing
      document.getElementById(id).addEventListener("submit", (event) => event.preventDefault());
    }
    this.buildData(document.getElementById("data-form"));
    this.buildModel(document.getElementById("model-form"));
  }

  get model() { return this.state.models[this.active]; }

  buildData(form) {
    const d = this.state.data;
    const set = (key, value) => { d[key] = value; this.onChange("data"); };
    const dataset = el("select", {}, ...Object.keys(this.vocab.datasets).map((k) =>
      el("option", { value: k, title: this.vocab.datasets[k] }, DATASET_NAMES[k] || k)));
    dataset.addEventListener("change", () => { d.dataset = dataset.value; this.syncFeatures(); set("dataset", dataset.value); });
    const fn = el("select", {}, ...this.vocab.functions.map((f) => el("option", { value: f }, f)));
    fn.addEventListener("change", () => set("function", fn.value));
    const [lo, hi] = this.vocab.limits.points;
    const points = el("input", { type: "text", inputMode: "numeric", title: `${lo} to ${hi}` });
    points.addEventListener("change", () => set("points", numberOf(points.value)));
    const noise = el("input", { type: "range", min: 0, max: 1, step: 0.01 });
    const noiseValue = el("output", { className: "value" });
    noise.addEventListener("input", () => { noiseValue.value = noise.value; });
    noise.addEventListener("change", () => set("noise", Number(noise.value)));
    const ratio = el("input", { type: "range", min: 0.1, max: 0.9, step: 0.05 });
    const ratioValue = el("output", { className: "value" });
    ratio.addEventListener("input", () => { ratioValue.value = `${Math.round(ratio.value * 100)} % training`; });
    ratio.addEventListener("change", () => set("train_ratio", Number(ratio.value)));
    const seed = el("input", { type: "text", inputMode: "numeric" });
    seed.addEventListener("change", () => set("data_seed", numberOf(seed.value)));
    const again = el("button", { type: "button", className: "small", title: "New points (next seed)" }, "New data");
    again.addEventListener("click", () => { const s = Number(d.data_seed) || 0; set("data_seed", s + 1); this.show(); });
    const checks = el("div", { className: "checks", role: "group", "aria-label": "Input features" },
      ...this.vocab.features.map((f) => {
        const box = el("input", { type: "checkbox", value: f, id: `feature-${f}`, name: "features" });
        box.dataset.testid = `feature-${f}`;
        box.addEventListener("change", () => {
          const on = new Set([...checks.querySelectorAll("input:checked")].map((b) => b.value));
          set("features", this.vocab.features.filter((x) => on.has(x)));
        });
        return el("label", { htmlFor: box.id }, box, FEATURE_NAMES[f] || f);
      }));
    const normalise = el("input", { type: "checkbox" });
    normalise.addEventListener("change", () => set("normalise", normalise.checked));
    const file = el("input", { type: "file", accept: ".csv,text/csv,text/plain" });
    file.addEventListener("change", () => { if (file.files.length) this.onUpload(file.files[0]); file.value = ""; });
    const kb = Math.round(this.vocab.limits.csv_bytes / 1024);
    form.append(
      field("dataset", "Data set", dataset, "dataset"),
      field("function", "Function", fn, "function"),
      field("points", "Points", points, "points"),
      el("div", { className: "field", dataset: { field: "noise" } },
        el("label", { htmlFor: "f-noise" }, "Noise ", noiseValue), Object.assign(noise, { id: "f-noise", name: "noise" })),
      el("div", { className: "field", dataset: { field: "train_ratio" } },
        el("label", { htmlFor: "f-train_ratio" }, "Split ", ratioValue), Object.assign(ratio, { id: "f-train_ratio", name: "train_ratio" })),
      el("div", { className: "field", dataset: { field: "data_seed" } },
        el("label", { htmlFor: "f-data_seed" }, "Data seed"),
        el("div", { className: "row" }, Object.assign(seed, { id: "f-data_seed", name: "data_seed" }), again)),
      el("div", { className: "field", dataset: { field: "features" } }, el("span", { className: "label" }, "Input features"), checks),
      el("div", { className: "field", dataset: { field: "normalise" } },
        el("label", { className: "row" }, normalise, "Standardise the inputs")),
      el("div", { className: "field", dataset: { field: "csv" } },
        el("label", { htmlFor: "f-csv" }, "Upload a CSV"), Object.assign(file, { id: "f-csv", name: "csv" }),
        el("p", { className: "hint" }, `Columns x1,x2,label (points) or x,y (a curve); up to ${kb} KiB.`)),
    );
    const ids = { noise, "train-ratio": ratio, "data-seed": seed, "csv-file": file, normalise, "new-data": again };
    for (const [testid, control] of Object.entries(ids)) control.dataset.testid = testid;
    this.dataControls = { dataset, fn, points, noise, noiseValue, ratio, ratioValue, seed, checks, normalise };
  }

  /** One input: x2's features make no sense; turn them off and grey them. */
  syncFeatures(dims) {
    if (dims !== undefined) this.dims = dims;
    const oneInput = this.state.data.dataset === "curve" || this.dims === 1;
    if (oneInput) {
      const kept = this.state.data.features.filter((f) => ONE_INPUT.includes(f));
      this.state.data.features = kept.length ? kept : ["x1"];
    }
    for (const box of this.dataControls.checks.querySelectorAll("input")) {
      box.disabled = oneInput && !ONE_INPUT.includes(box.value);
      box.parentElement.classList.toggle("off", box.disabled);
    }
  }

  buildModel(form) {
    this.modelControls = {};
    for (const [name, label, kind, testid] of MODEL_FIELDS) {
      let control;
      if (kind === "choice") control = this.choice(name);
      else {
        control = el("input", { type: "text", inputMode: kind === "sizes" ? "text" : "decimal" });
        control.addEventListener("change", () => {
          this.model[name] = kind === "sizes" ? sizesOf(control.value) : numberOf(control.value);
          this.onChange("model");
        });
      }
      const box = field(name, label, control, testid);
      if (kind === "choice") box.append(control.settingsBox);
      if (name === "hidden") box.append(el("p", { className: "hint" }, `e.g. 8, 8; at most ${this.vocab.limits.layers} layers of ${this.vocab.limits.units}`));
      form.append(box);
      this.modelControls[name] = control;
    }
  }

  /** A choice: a select of the recipe's names, and a box of the chosen one's settings. */
  choice(name) {
    const options = this.vocab.recipe.choices[name];
    const select = el("select", {}, ...Object.keys(options).map((k) => el("option", { value: k, title: options[k].help }, k)));
    select.settingsBox = el("div", { className: "settings" });
    select.addEventListener("change", () => {
      this.model[name] = select.value;
      this.fillSettings(name, select);
      this.onChange("model");
    });
    return select;
  }

  fillSettings(name, select) {
    const value = this.model[name];
    const chosen = typeof value === "string" ? { name: value } : value;
    const defaults = this.vocab.recipe.choices[name][chosen.name]?.settings || {};
    const box = select.settingsBox;
    box.replaceChildren();
    select.title = this.vocab.recipe.choices[name][chosen.name]?.help || "";
    for (const [key, base] of Object.entries(defaults)) {
      const current = key in chosen ? chosen[key] : base;
      const id = `s-${name}-${key}`;
      let input;
      if (typeof base === "boolean") {
        input = el("input", { type: "checkbox", id, checked: Boolean(current) });
        box.append(el("label", { className: "check", htmlFor: id }, input, key));
      } else {
        const shown = current === null ? "" : Array.isArray(current) ? current.join(", ") : String(current);
        input = el("input", { type: "text", id, value: shown, placeholder: base === null ? "auto" : "" });
        box.append(el("label", { htmlFor: id }, key, input));
      }
      input.dataset.testid = `${name}-${key}`;
      input.addEventListener("change", () => {
        const v = this.settingValue(input, base);
        const next = typeof this.model[name] === "string" ? { name: this.model[name] } : { ...this.model[name] };
        if (JSON.stringify(v) === JSON.stringify(base)) delete next[key]; else next[key] = v;
        this.model[name] = Object.keys(next).length > 1 ? next : next.name;
        this.onChange("model");
      });
    }
  }

  settingValue(input, base) {
    if (typeof base === "boolean") return input.checked;
    const text = input.value.trim();
    if (base === null) return text === "" ? null : numberOf(text);
    if (Array.isArray(base)) return text.split(/[\s,]+/).filter(Boolean).map(numberOf);
    if (typeof base === "number") return numberOf(text);
    return text;
  }

  /** Fill every control from the state (after a tab switch, a preset, a URL). */
  show() {
    const d = this.state.data, c = this.dataControls;
    c.dataset.value = d.dataset;
    c.fn.value = d.function;
    c.fn.closest(".field").hidden = d.dataset !== "curve";
    c.points.value = d.points;
    c.noise.value = d.noise; c.noiseValue.value = d.noise;
    c.ratio.value = d.train_ratio; c.ratioValue.value = `${Math.round(d.train_ratio * 100)} % training`;
    c.seed.value = d.data_seed;
    for (const box of c.checks.querySelectorAll("input")) box.checked = d.features.includes(box.value);
    c.normalise.checked = Boolean(d.normalise);
    this.syncFeatures();
    for (const [name, , kind] of MODEL_FIELDS) {
      const control = this.modelControls[name], value = this.model[name];
      if (kind === "choice") {
        control.value = typeof value === "string" ? value : value.name;
        this.fillSettings(name, control);
      } else control.value = Array.isArray(value) ? value.join(", ") : String(value);
    }
  }

  /** Point at the field an error names (null: none). */
  markInvalid(name) {
    for (const f of document.querySelectorAll(".field.invalid")) {
      f.classList.remove("invalid");
      f.querySelector("input, select")?.removeAttribute("aria-invalid");
    }
    const box = name && document.querySelector(`.field[data-field="${name}"]`);
    if (box) {
      box.classList.add("invalid");
      box.querySelector("input, select")?.setAttribute("aria-invalid", "true");
    }
  }
}

export { choiceText, FEATURE_NAMES };
