// The network drawn as TensorFlow Playground draws it: a column per layer, each unit a small
// picture of its own output over the input plane (a curve along x1 for one input), links
// whose thickness is the weight's size and whose colour is its sign. Buttons add and remove
// layers and units.

import { BLUE, ORANGE, bytes, css, paintCurve, paintSigned } from "./colors.js";
import { FEATURE_NAMES } from "./form.js";

const SVG = "http://www.w3.org/2000/svg";

function button(text, label, testid, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "small";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.title = label;
  b.dataset.testid = testid;
  b.addEventListener("click", onClick);
  return b;
}

export class NetworkView {
  /** ``edit(hidden)``: the hidden layer sizes after a button press. */
  constructor(root, limits, edit) {
    this.root = root;
    this.limits = limits;
    this.edit = edit;
    this.columns = [];
    this.links = [];
  }

  /** Lay out the columns for ``layers`` ([inputs, hidden..., outputs]). */
  build(layers, features, dims, pictures, units) {
    this.layers = layers;
    this.dims = dims;
    this.unitSide = units;
    const hidden = layers.slice(1, -1);
    const head = document.createElement("div");
    head.className = "layer-buttons";
    head.append(
      button("+ layer", "Add a hidden layer", "add-layer", () => this.edit([...hidden, hidden.at(-1) || 4])),
      button("\u2212 layer", "Remove the last hidden layer", "remove-layer", () => this.edit(hidden.slice(0, -1))),
      `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`,
    );
    head.querySelector('[data-testid="add-layer"]').disabled = hidden.length >= this.limits.layers;
    head.querySelector('[data-testid="remove-layer"]').disabled = hidden.length === 0;
    const row = document.createElement("div");
    row.className = "columns";
    this.columns = layers.map((size, l) => this.column(l, size, hidden, features));
    row.append(...this.columns.map((c) => c.box));
    this.svg = document.createElementNS(SVG, "svg");
    this.root.replaceChildren(head, this.svg, row);
    this.row = row;
    pictures.forEach((p, k) => this.paint(this.columns[0].units[k], p));
    requestAnimationFrame(() => this.placeLinks());
  }

  column(l, size, hidden, features) {
    const box = document.createElement("div");
    box.className = "column";
    const title = document.createElement("div");
    title.className = "column-head";
    const last = l === this.layers.length - 1;
    title.textContent = l === 0 ? "Features" : last ? "Output" : `Layer ${l}: ${size} units`;
    if (!last && l > 0) {
      const resize = (delta) => this.edit(hidden.map((h, i) => (i === l - 1 ? h + delta : h)));
      const controls = document.createElement("div");
      controls.className = "row";
      const more = button("+", `Add a unit to layer ${l}`, `add-unit-${l}`, () => resize(1));
      const fewer = button("\u2212", `Remove a unit from layer ${l}`, `remove-unit-${l}`, () => resize(-1));
      more.disabled = size >= this.limits.units;
      fewer.disabled = size <= 1;
      controls.append(fewer, more);
      title.append(controls);
    }
    box.append(title);
    const units = [];
    for (let k = 0; k < size; k++) {
      const c = document.createElement("canvas");
      c.className = "unit";
      c.width = c.height = 24;
      c.setAttribute("role", "img");
      const name = l === 0 ? FEATURE_NAMES[features[k]] || features[k] : last ? `output ${k + 1}` : `layer ${l}, unit ${k + 1}`;
      c.setAttribute("aria-label", name);
      c.title = name;
      box.append(c);
      if (l === 0 || last) {
        const label = document.createElement("div");
        label.className = "unit-label";
        label.textContent = l === 0 ? name : "";
        box.append(label);
      }
      units.push(c);
    }
    return { box, units };
  }

  paint(canvas, pixels) {
    const data = bytes(pixels);
    if (this.dims === 1) paintCurve(canvas, data); else paintSigned(canvas, data, this.unitSide);
  }

  /** One line per weight, from each unit's centre to each unit of the next layer. */
  placeLinks() {
    const origin = this.row.getBoundingClientRect();
    this.svg.setAttribute("width", this.row.scrollWidth);
    this.svg.setAttribute("height", this.row.scrollHeight + this.row.offsetTop);
    this.svg.style.top = `${this.row.offsetTop}px`;
    const centre = (c) => {
      const r = c.getBoundingClientRect();
      return [r.left - origin.left + r.width / 2, r.top - origin.top + r.height / 2];
    };
    this.links = [];
    this.svg.replaceChildren();
    for (let l = 0; l + 1 < this.columns.length; l++) {
      const rows = this.columns[l + 1].units.map((to) => this.columns[l].units.map((from) => {
        const [x1, y1] = centre(from), [x2, y2] = centre(to);
        const line = document.createElementNS(SVG, "line");
        for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) line.setAttribute(k, v);
        line.setAttribute("stroke", "#d9e2ec");
        this.svg.append(line);
        return line;
      }));
      this.links.push(rows);
    }
    if (this.pending) this.update(this.pending);
  }

  /** A frame's unit pictures and weights (the output units mirror the board). */
  update(frame, board) {
    this.pending = frame;
    frame.units.forEach((layer, l) => layer.forEach((u, k) => {
      const c = this.columns[l + 1]?.units[k];
      if (!c) return;
      this.paint(c, u.pixels);
      c.title = `layer ${l + 1}, unit ${k + 1}: its output, scaled by its largest size ${u.scale === null ? "?" : u.scale.toPrecision(3)}`;
    }));
    if (board) {
      for (const c of this.columns.at(-1).units) {
        c.width = c.height = 48;
        c.getContext("2d").drawImage(board, 0, 0, 48, 48);
      }
    }
    frame.weights.forEach((w, l) => {
      const lines = this.links[l];
      if (!lines) return;
      let biggest = 1e-9;
      for (const row of w) for (const v of row) if (v !== null) biggest = Math.max(biggest, Math.abs(v));
      w.forEach((row, j) => row.forEach((v, i) => {
        const line = lines[j]?.[i];
        if (!line) return;
        const size = v === null ? 0 : Math.abs(v) / biggest;
        line.setAttribute("stroke", v === null ? "#c62828" : css(v >= 0 ? BLUE : ORANGE, 0.25 + 0.6 * size));
        line.setAttribute("stroke-width", (0.4 + 4 * size).toFixed(2));
      }));
    });
  }
}
