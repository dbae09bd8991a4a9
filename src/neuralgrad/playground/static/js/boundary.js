// The output picture: the decision boundary over the input plane (each point's colour is the
// model's class probability) with the training points (white rims) and test points (dark
// rims); a 1-D curve for regression on one input; predicted values in the plane otherwise.

import { CLASS_COLORS, bytes, css, diverging, faded } from "./colors.js";

const BACKGROUND = 0.62;  // the plane's colours are paler than the points'

function scaler(bounds, width, height) {
  const [[x0, x1], [y0, y1]] = bounds;
  return [(x) => ((x - x0) / (x1 - x0)) * width, (y) => height - ((y - y0) / (y1 - y0)) * height];
}

function image(n, colorAt) {
  const off = document.createElement("canvas");
  off.width = off.height = n;
  const ctx = off.getContext("2d");
  const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const c = colorAt(i);
    img.data.set([c[0], c[1], c[2], 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return off;
}

function planeImage(data, boundary, n) {
  if (boundary.values) {
    const v = bytes(boundary.values);
    return image(n, (i) => faded(diverging(v[i] / 127.5 - 1), BACKGROUND));
  }
  const probs = boundary.probabilities.map(bytes);
  if (probs.length === 1) {
    return image(n, (i) => faded(diverging(probs[0][i] / 127.5 - 1), BACKGROUND));
  }
  return image(n, (i) => {
    let best = 0;
    for (let k = 1; k < probs.length; k++) if (probs[k][i] > probs[best][i]) best = k;
    return faded(CLASS_COLORS[best % CLASS_COLORS.length], (probs[best][i] / 255) * BACKGROUND);
  });
}

function pointColor(data, y) {
  if (data.task === "classification") return CLASS_COLORS[y % CLASS_COLORS.length];
  const [lo, hi] = data.range;
  return diverging(hi > lo ? ((y - lo) / (hi - lo)) * 2 - 1 : 0);
}

function points(ctx, data, sx, sy, part, rim, width) {
  const { x, y } = data[part];
  for (let i = 0; i < x.length; i++) {
    ctx.beginPath();
    ctx.arc(sx(x[i][0]), sy(x[i][1]), 3.6, 0, 2 * Math.PI);
    ctx.fillStyle = css(pointColor(data, y[i]));
    ctx.fill();
    ctx.lineWidth = width;
    ctx.strokeStyle = rim;
    ctx.stroke();
  }
}

function axes(ctx, data, w, h) {
  ctx.fillStyle = "rgba(31, 41, 51, 0.65)";
  ctx.font = "11px system-ui, sans-serif";
  const [[x0, x1], second] = data.bounds;
  ctx.fillText(x0.toFixed(1), 4, h - 5);
  ctx.textAlign = "right";
  ctx.fillText(`${x1.toFixed(1)}  x\u2081`, w - 4, h - 5);
  ctx.textAlign = "left";
  if (data.dims === 2) ctx.fillText(`x\u2082 ${second[1].toFixed(1)}`, 4, 13);
}

function drawCurve(ctx, data, boundary, w, h) {
  const curve = boundary ? boundary.curve : [];
  const ys = [...data.train.y, ...data.test.y, ...curve.filter((v) => v !== null)];
  let lo = Math.min(...ys), hi = Math.max(...ys);
  const pad = (hi - lo) * 0.1 || 1;
  lo -= pad; hi += pad;
  const [sx, sy] = scaler([data.bounds[0], [lo, hi]], w, h);
  ctx.fillStyle = "#fbfcfd";
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = "#e4e9ef";
  ctx.beginPath(); ctx.moveTo(0, sy(0)); ctx.lineTo(w, sy(0)); ctx.stroke();
  for (const [part, color, fill] of [["train", CLASS_COLORS[1], true], ["test", CLASS_COLORS[0], false]]) {
    const { x, y } = data[part];
    ctx.strokeStyle = css(color);
    ctx.fillStyle = css(color, 0.8);
    ctx.lineWidth = 1.5;
    for (let i = 0; i < x.length; i++) {
      ctx.beginPath();
      ctx.arc(sx(x[i][0]), sy(y[i]), 3, 0, 2 * Math.PI);
      if (fill) ctx.fill(); else ctx.stroke();
    }
  }
  if (curve.length) {
    const [x0, x1] = data.bounds[0];
    ctx.strokeStyle = "#102a43";
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    let pen = false;
    curve.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      const X = sx(x0 + ((x1 - x0) * i) / (curve.length - 1));
      if (pen) ctx.lineTo(X, sy(v)); else ctx.moveTo(X, sy(v));
      pen = true;
    });
    ctx.stroke();
  }
}

/** Draw a run's output on ``canvas`` (``boundary``: the frame's, or null before one). */
export function drawBoard(canvas, data, boundary, resolution) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (data.dims === 1) {
    drawCurve(ctx, data, boundary, w, h);
  } else {
    if (boundary) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(planeImage(data, boundary, resolution), 0, 0, w, h);
    } else {
      ctx.fillStyle = "#fbfcfd";
      ctx.fillRect(0, 0, w, h);
    }
    const [sx, sy] = scaler(data.bounds, w, h);
    points(ctx, data, sx, sy, "train", "#ffffff", 1.2);
    points(ctx, data, sx, sy, "test", "#1f2933", 1.6);
  }
  axes(ctx, data, w, h);
}
