// The page: builds the form from the server's vocabulary, keeps its state in the URL, talks
// to its training session over a WebSocket and draws the latest frame once per animation
// frame (frames that arrive faster are skipped, so drawing never falls behind).

import { drawBoard } from "./boundary.js";
import { drawGradients, drawLoss, drawRates } from "./charts.js";
import { Forms } from "./form.js";
import { HealthView } from "./health.js";
import { NetworkView } from "./network.js";
import { PRESETS, presetState } from "./presets.js";
import { stateFromQuery, stateQuery } from "./url.js";

const $ = (id) => document.getElementById(id);
const vocab = await (await fetch("/api/vocabulary")).json();
const defaults = vocab.defaults;
let state = stateFromQuery(location.search, defaults);
let socket = null, ready = null, latest = null, drawing = false, running = false, timer = null;
let awaiting = 0;  // configurations sent and not yet answered

/** Whether an edit is still on its way to a trained start (body[data-busy]). */
function markBusy() {
  document.body.dataset.busy = String(awaiting > 0 || timer !== null);
}
let histories = [[], []];
const boards = [document.querySelector('[data-testid="boundary"]'), document.querySelector('[data-testid="boundary-b"]')];
const health = new HealthView($("health"));
const network = new NetworkView($("network"), vocab.limits, (hidden) => {
  forms.model.hidden = hidden;
  forms.show();
  changed();
});
const forms = new Forms(vocab, state, changed, upload);

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function showError(text) {
  $("message").hidden = !text;
  $("message").textContent = text || "";
}

function showNotice(text) {
  $("notice").hidden = !text;
  $("notice").textContent = text || "";
}

function configure() {
  clearTimeout(timer);
  timer = null;
  showError(null);
  showNotice(null);
  forms.markInvalid(null);
  history.replaceState(null, "", "?" + stateQuery(state, defaults));
  awaiting += socket && socket.readyState === WebSocket.OPEN ? 1 : 0;
  markBusy();
  send({ type: "configure", data: state.data, models: state.compare ? state.models : [state.models[0]] });
}

/** Any edit: train the new configuration from the start, once the typing stops. */
function changed() {
  clearTimeout(timer);
  timer = setTimeout(configure, 150);
  markBusy();
}

/** Send an edit still waiting for the typing to stop, so a control acts on what is shown. */
function flush() {
  if (timer !== null) configure();
  timer = null;
}

async function upload(file) {
  const text = await file.text();
  send({ type: "upload", name: file.name, text });
}

function setRunning(on) {
  running = on;
  $("play").classList.toggle("playing", on);
  $("play").setAttribute("aria-pressed", String(on));
}

function plain(output, value, digits) {
  output.dataset.value = value === null ? "NaN" : String(value);
  output.value = value === null ? "NaN" : Math.abs(value) >= 1000 ? value.toPrecision(4) : value.toFixed(digits);
}

function setTabs() {
  $("model-tabs").hidden = !state.compare;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.setAttribute("aria-selected", String(Number(tab.dataset.run) === forms.active));
  }
}

function onReady(message) {
  ready = message;
  awaiting = Math.max(0, awaiting - 1);
  markBusy();
  latest = null;
  histories = [[], []];
  health.reset();
  const two = message.runs.length > 1;
  $("board-1").hidden = $("scores-1").hidden = !two;
  document.querySelector(".boards").classList.toggle("single", !two);
  const scoreName = message.runs[0].score === "accuracy" ? "accuracy" : "R\u00b2";
  document.querySelectorAll(".score-name").forEach((th, i) => { th.textContent = `${i ? "Test" : "Train"} ${scoreName}`; });
  forms.syncFeatures(message.data.dims);
  buildNetwork();
  for (let i = 0; i < message.runs.length; i++) drawBoard(boards[i], message.data, null, message.grid.boundary);
}

function buildNetwork() {
  const run = ready.runs[Math.min(forms.active, ready.runs.length - 1)];
  network.build(run.layers, ready.data.features, ready.data.dims, ready.data.pictures, ready.grid.units);
}

function draw() {
  drawing = false;
  if (!latest || !ready) return;
  const frame = latest;
  const runs = frame.runs;
  runs.forEach((run, i) => {
    const suffix = i ? "-b" : "";
    drawBoard(boards[i], ready.data, run.boundary, ready.grid.boundary);
    plain(document.querySelector(`[data-testid="train-loss${suffix}"]`), run.train.loss, 4);
    plain(document.querySelector(`[data-testid="test-loss${suffix}"]`), run.test.loss, 4);
    const [trainScore, testScore] = Object.keys(run.train).filter((k) => k !== "loss").map((k) => [run.train[k], run.test[k]])[0];
    plain(document.querySelector(`[data-testid="train-score${suffix}"]`), trainScore, 3);
    plain(document.querySelector(`[data-testid="test-score${suffix}"]`), testScore, 3);
    const epochs = run.batches / ready.runs[i].steps_per_epoch;
    const h = histories[i];
    if (!h.length || h.at(-1)[0] !== epochs) h.push([epochs, run.train.loss, run.test.loss]);
    if (h.length > 1500) histories[i] = h.filter((_, k) => k % 2 === 0 || k === h.length - 1);
  });
  $("epoch").value = String(runs[0].epoch);
  $("batches").value = String(runs[0].batches);
  $("lr-now").value = runs[0].lr === null ? "NaN" : runs[0].lr.toPrecision(3);
  const active = Math.min(forms.active, runs.length - 1);
  network.update(runs[active], boards[active]);
  drawLoss($("loss-chart"), histories.slice(0, runs.length));
  drawRates($("lr-chart"), ready.runs.map((r, i) => ({ schedule: r.schedule, epoch: (runs[i]?.batches || 0) / r.steps_per_epoch })));
  if (runs.some((r) => r.health)) {
    health.update(runs.map((r) => r.health || null), runs.map((r) => r.epoch));
    drawGradients($("grads"), runs.map((r) => (r.health ? r.health.layers : null)));
  }
}

function onMessage(event) {
  const message = JSON.parse(event.data);
  switch (message.type) {
    case "ready":
      onReady(message);
      break;
    case "frame":
      latest = message;
      setRunning(message.running);
      if (!drawing) { drawing = true; requestAnimationFrame(draw); }
      break;
    case "state":
      setRunning(message.running);
      break;
    case "error": {
      if (message.to === "configure") { awaiting = Math.max(0, awaiting - 1); markBusy(); }
      const who = message.run === null || message.run === undefined || !state.compare ? "" : `Model ${"AB"[message.run]}: `;
      showError(who + message.message);
      if (message.run === null || message.run === undefined || message.run === forms.active) forms.markInvalid(message.field);
      setRunning(false);
      break;
    }
    case "notice":
      showNotice(message.message);
      break;
    case "uploaded":
      state.data.dataset = "csv";
      forms.syncFeatures(message.inputs.length);
      forms.show();
      showNotice(`${message.name}: ${message.rows} rows, ${message.task} of ${message.target} from ${message.inputs.join(", ")}`);
      configure();
      break;
    case "export":
      openExport(message);
      break;
  }
}

function openExport(message) {
  $("export-script").textContent = message.script;
  $("export-command").textContent = message.command;
  $("export-dialog").dataset.filename = message.filename;
  $("export-dialog").showModal();
}

function connect() {
  socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket.addEventListener("open", configure);
  socket.addEventListener("message", onMessage);
  socket.addEventListener("close", () => {
    setRunning(false);
    showError("The connection to the playground server is closed: reload the page to train again.");
  });
}

function wire() {
  const control = (id, type) => $(id).addEventListener("click", () => { flush(); send({ type }); });
  control("play", "play");
  control("pause", "pause");
  control("step", "step");
  control("one-epoch", "epoch");
  $("reset").addEventListener("click", () => { flush(); histories = [[], []]; health.reset(); send({ type: "reset" }); });
  $("speed").addEventListener("change", () => send({ type: "speed", value: Number($("speed").value) }));
  $("compare").checked = state.compare;
  $("compare").addEventListener("change", () => {
    state.compare = $("compare").checked;
    if (state.compare) state.models[1] = structuredClone(state.models[0]);
    forms.active = state.compare ? 1 : 0;
    setTabs();
    forms.show();
    configure();
  });
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      forms.active = Number(tab.dataset.run);
      setTabs();
      forms.show();
      if (ready) { buildNetwork(); if (latest) draw(); }
    });
  }
  const preset = $("preset");
  preset.append(new Option("Presets from the course\u2026", ""), ...PRESETS.map(([name], i) => new Option(name, String(i))));
  preset.addEventListener("change", () => {
    if (preset.value === "") return;
    state = presetState(Number(preset.value), defaults);
    forms.state = state;
    forms.active = 0;
    $("compare").checked = state.compare;
    setTabs();
    forms.show();
    configure();
    preset.value = "";
  });
  $("share").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      showNotice("Link copied: it opens this configuration.");
    } catch {
      showNotice(`Link to this configuration: ${location.href}`);
    }
  });
  $("export").addEventListener("click", () => flush() || send({ type: "export", run: Math.min(forms.active, (ready?.runs.length || 1) - 1) }));
  $("export-close").addEventListener("click", () => $("export-dialog").close());
  $("export-copy").addEventListener("click", () => navigator.clipboard?.writeText($("export-script").textContent));
  $("export-download").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([$("export-script").textContent], { type: "text/x-python" }));
    link.download = $("export-dialog").dataset.filename || "playground_run.py";
    link.click();
    URL.revokeObjectURL(link.href);
  });
}

forms.show();
setTabs();
wire();
connect();
