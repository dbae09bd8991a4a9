// Small charts on canvas: the loss curves (train solid, test dashed, one colour per run),
// the learning rate over the run (the schedule's preview, with where training is), and the
// gradient norm of each layer as a bar on a log scale.

import { RUN_COLORS } from "./colors.js";

function frame(ctx, w, h) {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fbfcfd";
  ctx.fillRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
}

function label(ctx, text, x, y, align = "left") {
  ctx.fillStyle = "#616e7c";
  ctx.textAlign = align;
  ctx.fillText(text, x, y);
  ctx.textAlign = "left";
}

const PAD = { left: 44, right: 8, top: 8, bottom: 18 };

function axes(ctx, w, h, xMax, y0, y1, format) {
  ctx.strokeStyle = "#d9e2ec";
  ctx.beginPath();
  ctx.moveTo(PAD.left, PAD.top); ctx.lineTo(PAD.left, h - PAD.bottom); ctx.lineTo(w - PAD.right, h - PAD.bottom);
  ctx.stroke();
  label(ctx, format(y1), PAD.left - 4, PAD.top + 8, "right");
  label(ctx, format(y0), PAD.left - 4, h - PAD.bottom, "right");
  label(ctx, "0", PAD.left, h - 4);
  label(ctx, `epoch ${xMax.toFixed(xMax < 10 ? 1 : 0)}`, w - PAD.right, h - 4, "right");
  const sx = (x) => PAD.left + (x / (xMax || 1)) * (w - PAD.left - PAD.right);
  const sy = (y) => h - PAD.bottom - ((y - y0) / (y1 - y0 || 1)) * (h - PAD.top - PAD.bottom);
  return [sx, sy];
}

function line(ctx, pts, sx, sy, color, dash) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.8;
  ctx.setLineDash(dash);
  ctx.beginPath();
  let pen = false;
  for (const [x, y] of pts) {
    if (y === null || !Number.isFinite(y)) { pen = false; continue; }
    if (pen) ctx.lineTo(sx(x), sy(y)); else ctx.moveTo(sx(x), sy(y));
    pen = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

/** ``runs``: per run, points [epoch, train loss, test loss]. */
export function drawLoss(canvas, runs) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  frame(ctx, w, h);
  const all = runs.flatMap((r) => r.flatMap((p) => [p[1], p[2]])).filter((v) => v !== null && Number.isFinite(v));
  const xMax = Math.max(1e-9, ...runs.flatMap((r) => r.map((p) => p[0])));
  if (!all.length) { label(ctx, "press play to train", w / 2, h / 2, "center"); return; }
  const y1 = Math.max(...all) * 1.05 || 1;
  const [sx, sy] = axes(ctx, w, h, xMax, 0, y1, (v) => v.toPrecision(2));
  runs.forEach((r, i) => {
    line(ctx, r.map((p) => [p[0], p[1]]), sx, sy, RUN_COLORS[i], []);
    line(ctx, r.map((p) => [p[0], p[2]]), sx, sy, RUN_COLORS[i], [5, 4]);
  });
}

/** ``runs``: per run, {schedule: [[epoch, lr]...] or null, epoch: where training is}. */
export function drawRates(canvas, runs) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  frame(ctx, w, h);
  const curves = runs.filter((r) => r.schedule);
  const lrs = curves.flatMap((r) => r.schedule.map((p) => p[1]));
  if (!lrs.length) {
    label(ctx, "this schedule follows the loss: no preview", w / 2, h / 2, "center");
    return;
  }
  const xMax = Math.max(...curves.map((r) => r.schedule.at(-1)[0]));
  const [sx, sy] = axes(ctx, w, h, xMax, 0, Math.max(...lrs) * 1.1, (v) => v.toPrecision(2));
  runs.forEach((r, i) => {
    if (!r.schedule) return;
    const pts = r.schedule;
    line(ctx, pts.flatMap((p, k) => (k ? [[p[0], pts[k - 1][1]], p] : [p])), sx, sy, RUN_COLORS[i], []);
    ctx.fillStyle = RUN_COLORS[i];
    ctx.fillRect(sx(Math.min(r.epoch, xMax)) - 1, PAD.top, 2, h - PAD.top - PAD.bottom);
  });
}

const LOG_LOW = -6, LOG_HIGH = 2;

/** One bar per layer with parameters, per run: log10 of its gradient norm. */
export function drawGradients(root, runs) {
  const rows = [];
  runs.forEach((layers, i) => {
    const linears = (layers || []).filter((l) => l.kind === "Linear");
    linears.forEach((l, k) => {
      const g = l.grad_norm;
      const share = g > 0 ? (Math.log10(g) - LOG_LOW) / (LOG_HIGH - LOG_LOW) : 0;
      const bar = document.createElement("div");
      bar.className = "bar";
      const name = document.createElement("span");
      const which = k === linears.length - 1 ? "output" : `layer ${k + 1}`;
      name.textContent = `${runs.length > 1 ? "AB"[i] + " " : ""}${which}`;
      const track = document.createElement("div");
      track.className = "track";
      const fill = document.createElement("div");
      fill.className = i ? "fill b" : "fill";
      fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
      track.append(fill);
      const num = document.createElement("span");
      num.className = "num";
      num.textContent = g === null ? "\u2013" : g.toExponential(1);
      bar.append(name, track, num);
      rows.push(bar);
    });
  });
  root.replaceChildren(...rows);
}
