// The training-health panel: the findings of the latest check (dead units, saturation,
// vanishing or exploding gradients, NaN) with their hints, and a log of when each kind of
// finding first appeared.

export class HealthView {
  constructor(root) {
    this.root = root;
    this.reset();
  }

  reset() {
    this.seen = new Map();
    this.root.textContent = "Checked while training: dead or saturated units, vanishing or exploding gradients.";
  }

  update(runs, epochs) {
    const items = [];
    runs.forEach((health, r) => {
      if (!health) return;
      for (const f of health.findings) {
        const key = `${r}:${f.kind}:${f.layer}`;
        if (!this.seen.has(key)) this.seen.set(key, { run: r, kind: f.kind, layer: f.layer, epoch: epochs[r] });
        const li = document.createElement("li");
        li.className = f.kind;
        li.innerHTML = '<div class="kind"></div><div class="msg"></div><div class="hint"></div>';
        li.querySelector(".kind").textContent = (runs.length > 1 ? `Model ${"AB"[r]}: ` : "") + f.kind.replace("_", " ");
        li.querySelector(".msg").textContent = f.message;
        li.querySelector(".hint").textContent = `Try: ${f.hint}`;
        items.push(li);
      }
    });
    const parts = [];
    if (items.length) {
      const ul = document.createElement("ul");
      ul.append(...items);
      parts.push(ul);
    } else {
      const ok = document.createElement("p");
      ok.className = "ok";
      ok.textContent = "\u2714 No problems found in the latest check.";
      parts.push(ok);
    }
    if (this.seen.size) {
      const log = document.createElement("div");
      log.className = "seen";
      log.textContent = "First seen: " + [...this.seen.values()]
        .map((s) => `${runs.length > 1 ? "AB"[s.run] + " " : ""}${s.kind.replace("_", " ")} in ${s.layer || "the model"} (epoch ${s.epoch})`)
        .join(", ");
      parts.push(log);
    }
    this.root.replaceChildren(...parts);
  }
}
