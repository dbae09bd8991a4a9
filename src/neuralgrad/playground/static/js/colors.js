// Colours of the pictures: TensorFlow Playground's orange (negative, class 0) to blue
// (positive, class 1) through white, and a palette for more classes.

export const ORANGE = [245, 147, 34];
export const BLUE = [8, 119, 189];
const WHITE = [255, 255, 255];
export const CLASS_COLORS = [ORANGE, BLUE, [46, 160, 67], [156, 39, 176], [229, 57, 53],
  [0, 150, 136], [121, 85, 72], [96, 125, 139]];
export const RUN_COLORS = ["#5b4bc4", "#d9480f"];

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

/** A value in [-1, 1] as orange (−1), white (0) or blue (+1). */
export function diverging(v) {
  return v < 0 ? mix(WHITE, ORANGE, Math.min(1, -v)) : mix(WHITE, BLUE, Math.min(1, v));
}

/** A class colour faded towards white by (1 − strength). */
export function faded(color, strength) {
  return mix(WHITE, color, strength);
}

export function css(rgb, alpha = 1) {
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}

/** The bytes of a base64 text (one byte a pixel). */
export function bytes(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Pixels (0..255 meaning −1..1) drawn into a small canvas of side n, as colours. */
export function paintSigned(canvas, data, n) {
  const ctx = canvas.getContext("2d");
  if (canvas.width !== n) { canvas.width = n; canvas.height = n; }
  const image = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const c = diverging(data[i] / 127.5 - 1);
    image.data.set([c[0], c[1], c[2], 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** A line through pixels (0..255 meaning −1..1) along a small canvas: a unit over x1. */
export function paintCurve(canvas, data) {
  const ctx = canvas.getContext("2d");
  const w = (canvas.width = 48), h = (canvas.height = 48);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = "#d9e2ec";
  ctx.beginPath(); ctx.moveTo(0, h / 2); ctx.lineTo(w, h / 2); ctx.stroke();
  ctx.strokeStyle = css(BLUE);
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let i = 0; i < data.length; i++) {
    const x = (i / (data.length - 1)) * w, y = h / 2 - (data[i] / 127.5 - 1) * (h / 2 - 3);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  }
  ctx.stroke();
}
