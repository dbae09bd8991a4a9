// The page's state in its URL, so a teacher can share a configuration: only what differs
// from the defaults, model B's fields prefixed "b.", choices as name:key=value,... (the
// command line's syntax).

const DATA_KEYS = ["dataset", "points", "noise", "train_ratio", "data_seed", "features",
  "normalise", "function"];

/** A choice as text: "adam" or "adam:betas=[0.9,0.99],eps=1e-8". */
export function choiceText(value) {
  if (typeof value === "string") return value;
  const rest = Object.entries(value).filter(([k]) => k !== "name")
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return `${value.name}:${rest.join(",")}`;
}

function splitTop(text) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    else if (ch === "," && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** "adam:betas=[0.9,0.99]" as {name: "adam", betas: [0.9, 0.99]}; a bare name stays text. */
export function parseChoice(text) {
  const cut = text.indexOf(":");
  if (cut < 0) return text;
  const out = { name: text.slice(0, cut) };
  for (const item of splitTop(text.slice(cut + 1))) {
    const eq = item.indexOf("=");
    if (eq < 0) continue;
    const raw = item.slice(eq + 1).trim();
    try { out[item.slice(0, eq).trim()] = JSON.parse(raw); } catch { out[item.slice(0, eq).trim()] = raw; }
  }
  return out;
}

function fieldText(key, value) {
  if (Array.isArray(value)) return value.join(",");
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value !== null && typeof value === "object") return choiceText(value);
  return String(value);
}

function fieldValue(key, text, defaults) {
  const base = defaults[key];
  if (Array.isArray(base)) {
    if (key === "features") return text.split(",").filter(Boolean);
    return text.split(",").filter((s) => s.trim()).map((s) => (Number.isFinite(Number(s)) ? Number(s) : s));
  }
  if (typeof base === "boolean") return text === "1" || text === "true";
  if (typeof base === "number") return Number.isFinite(Number(text)) && text !== "" ? Number(text) : text;
  return text.includes(":") ? parseChoice(text) : text;
}

function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

/** The state as a query string. */
export function stateQuery(state, defaults) {
  const params = new URLSearchParams();
  for (const key of DATA_KEYS) {
    if (!same(state.data[key], defaults.data[key])) params.set(key, fieldText(key, state.data[key]));
  }
  const [a, b] = state.models;
  for (const [key, value] of Object.entries(a)) {
    if (!same(value, defaults.model[key])) params.set(key, fieldText(key, value));
  }
  if (state.compare) {
    params.set("compare", "1");
    for (const [key, value] of Object.entries(b)) {  // model B: how it differs from A
      if (!same(value, a[key])) params.set("b." + key, fieldText(key, value));
    }
  }
  return params.toString();
}

/** The state a query string describes, over the defaults (unknown keys are left out). */
export function stateFromQuery(query, defaults) {
  const params = new URLSearchParams(query);
  const data = structuredClone(defaults.data);
  const a = structuredClone(defaults.model);
  for (const [key, text] of params) {
    if (DATA_KEYS.includes(key)) data[key] = fieldValue(key, text, defaults.data);
    if (key in defaults.model) a[key] = fieldValue(key, text, defaults.model);
  }
  const b = structuredClone(a);
  for (const [key, text] of params) {
    const name = key.slice(2);
    if (key.startsWith("b.") && name in defaults.model) b[name] = fieldValue(name, text, defaults.model);
  }
  return { data, models: [a, b], compare: params.get("compare") === "1" };
}
