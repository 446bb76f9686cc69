// The Clipper dashboard: reads the management API every interval and draws apps, models, frontends and replicas.
// Rates and latency quantiles come from the difference between two readings of the frontends' cumulative counters
// (the same computation as `clipper top`). Everything from the server is written with textContent, never as HTML.
"use strict";

const INTERVAL_MS = 1500;
const TOKEN_KEY = "clipper-admin-token";
let previous = null;

function takeTokenFromFragment() {
  // A link may carry the token as #token=...: the fragment never reaches a server; it is moved to this tab's storage.
  const match = /^#token=(.+)$/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

class AccessRefused extends Error {}

async function admin(operation, body) {
  const headers = { "Content-Type": "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch("/admin/" + operation, { method: "POST", headers, body: JSON.stringify(body), cache: "no-store" });
  const text = await response.text();
  if (response.status === 401 || response.status === 403) throw new AccessRefused(text);
  if (!response.ok) throw new Error(operation + " answered " + response.status + ": " + text);
  return JSON.parse(text);
}

// The last bucket's bound is the string "+Inf" (JSON has no infinity); its count is the total, already in "count".
function finite(counters) {
  const latency = counters.latency_seconds;
  return { ...counters, latency_seconds: { ...latency, buckets: latency.buckets.filter(bucket => typeof bucket[0] === "number") } };
}

function sumApps(frontends) {
  const apps = new Map();
  for (const frontend of frontends) {
    for (const [name, raw] of Object.entries(frontend.apps || {})) {
      const counters = finite(raw);
      const total = apps.get(name);
      apps.set(name, total ? addCounters(total, counters) : counters);
    }
  }
  return apps;
}

function addCounts(left, right) {
  const sum = { ...(left || {}) };
  for (const [key, value] of Object.entries(right || {})) sum[key] = (sum[key] || 0) + value;
  return sum;
}

function addCounters(a, b) {
  const la = a.latency_seconds, lb = b.latency_seconds;
  const same = la.buckets.length === lb.buckets.length && la.buckets.every((bucket, i) => bucket[0] === lb.buckets[i][0]);
  return {
    answered_by_model: a.answered_by_model + b.answered_by_model,
    defaults: addCounts(a.defaults, b.defaults),
    refused: addCounts(a.refused, b.refused),
    latency_seconds: {
      count: la.count + lb.count,
      sum: la.sum + lb.sum,
      buckets: la.buckets.map((bucket, i) => [bucket[0], bucket[1] + (same ? lb.buckets[i][1] : 0)]),
    },
  };
}

const total = counts => Object.values(counts || {}).reduce((s, v) => s + v, 0);
const answered = c => c.answered_by_model + total(c.defaults);

// As Prometheus's histogram_quantile: linear interpolation inside the bucket holding the rank, over the answers counted
// since the earlier reading; null when none was. Past the last bound, the last bound.
function quantile(now, before, q) {
  const reset = !before || now.count < before.count;
  const count = now.count - (reset ? 0 : before.count);
  if (count <= 0 || now.buckets.length === 0) return null;
  const rank = q * count;
  let below = 0, lower = 0;
  for (let i = 0; i < now.buckets.length; i++) {
    const atOrUnder = now.buckets[i][1] - (reset ? 0 : before.buckets[i][1]);
    if (atOrUnder >= rank && atOrUnder > below) return lower + (now.buckets[i][0] - lower) * (rank - below) / (atOrUnder - below);
    below = atOrUnder;
    lower = now.buckets[i][0];
  }
  return now.buckets[now.buckets.length - 1][0];
}

const delta = (before, after) => (after >= before ? after - before : after);
const fixed = (value, digits) => (value === null || value === undefined ? "–" : value.toFixed(digits));
const ms = seconds => (seconds === null ? "–" : (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1));

function since(iso, now) {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return seconds + " s";
  if (seconds < 7200) return Math.round(seconds / 60) + " min";
  return (seconds / 3600).toFixed(1) + " h";
}

function row(tbody, key, cells) {
  const tr = document.createElement("tr");
  for (const [name, value] of Object.entries(key)) tr.dataset[name] = value;
  for (const cell of cells) {
    const td = document.createElement("td");
    td.textContent = cell.text;
    if (cell.field) td.dataset.field = cell.field;
    if (cell.num) td.className = "num";
    if (cell.bad) td.classList.add("defaulted");
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
}

function fill(id, rows, emptyText, columns) {
  const tbody = document.querySelector("#" + id + " tbody");
  tbody.replaceChildren();
  if (rows.length === 0) {
    const td = document.createElement("td");
    td.colSpan = columns;
    td.className = "empty";
    td.textContent = emptyText;
    tbody.appendChild(document.createElement("tr")).appendChild(td);
  }
  for (const draw of rows) draw(tbody);
}

// The replicas grouped by the frontend they are connected to (live frontends first, in id order), each group sorted by the
// column chosen in the table's header. Reconnects are the frontend's count for the container id: returns after restarts that
// kept the id and after dropped connections, since that frontend started.
const REPLICA_SORTS = {
  model: (a, b) => a.model_id.localeCompare(b.model_id) || a.model_replica_id - b.model_replica_id,
  container: (a, b) => a.container_id.localeCompare(b.container_id),
  state: (a, b) => (a.state || "").localeCompare(b.state || ""),
  "connected-for": (a, b) => Date.parse(b.connected_at) - Date.parse(a.connected_at),
  reconnects: (a, b) => (b.reconnects || 0) - (a.reconnects || 0),
};
let replicaSort = "model";
let lastReplicas = null;

function drawReplicas(containers, frontends, at) {
  lastReplicas = { containers, frontends, at };
  const live = new Set(frontends.map(f => f.id));
  const groups = new Map();
  for (const id of [...live].sort()) groups.set(id, []);
  for (const c of containers) (groups.get(c.frontend_id) || groups.set(c.frontend_id, []).get(c.frontend_id)).push(c);
  const tbody = document.querySelector("#replicas tbody");
  tbody.replaceChildren();
  if (containers.length === 0) {
    fill("replicas", [], "No replica is connected.", 7);
    return;
  }
  for (const [frontend, replicas] of groups) {
    if (replicas.length === 0) continue;
    const reconnects = replicas.reduce((sum, c) => sum + (c.reconnects || 0), 0);
    const head = document.createElement("tr");
    head.className = "group";
    head.dataset.group = frontend;
    const th = document.createElement("th");
    th.colSpan = 7;
    th.textContent = `Frontend ${frontend}${live.has(frontend) ? "" : " (no longer live)"} · ${replicas.length} replica(s) · ${reconnects} reconnect(s)`;
    tbody.appendChild(head).appendChild(th);
    for (const c of [...replicas].sort(REPLICA_SORTS[replicaSort])) {
      const reconnected = (c.reconnects || 0) > 0;
      row(tbody, { container: c.container_id, model: c.model_id, replica: c.model_replica_id, frontend: c.frontend_id }, [
        { text: c.model_id, field: "model" }, { text: String(c.model_replica_id), field: "replica", num: true },
        { text: c.container_id || "–", field: "container" }, { text: c.state || "connected", field: "state", bad: c.state === "draining" },
        { text: c.protocol, field: "protocol" }, { text: since(c.connected_at, at), field: "connected-for" },
        { text: String(c.reconnects || 0), field: "reconnects", num: true, bad: reconnected },
      ]);
    }
  }
}

function draw(state) {
  const { apps, models, containers, frontends, at } = state;
  const counters = sumApps(frontends);
  const seconds = previous ? Math.max((at - previous.at) / 1000, 0.001) : null;
  const replicasOf = new Map();
  for (const c of containers) replicasOf.set(c.model_id, (replicasOf.get(c.model_id) || new Set()).add(c.container_id));

  fill("apps", apps.map(app => tbody => {
    const now = counters.get(app.name);
    const before = previous && previous.counters.get(app.name);
    const zero = { answered_by_model: 0, defaults: {}, refused: {}, latency_seconds: { count: 0, sum: 0, buckets: [] } };
    const c = now || zero, b = before || zero;
    const rate = value => (seconds === null ? null : value / seconds);
    const defaultsRate = rate(delta(total(b.defaults), total(c.defaults)));
    const reasons = Object.entries(c.defaults).filter(([, n]) => n > 0).map(([reason, n]) => reason + " " + n).join(", ");
    row(tbody, { app: app.name }, [
      { text: app.name, field: "name" },
      { text: app.linked_models.join(", ") || "–", field: "linked" },
      { text: fixed(app.latency_slo_micros / 1000, 1), field: "objective", num: true },
      { text: fixed(rate(delta(answered(b), answered(c))), 1), field: "answers-per-second", num: true },
      { text: seconds === null ? "–" : ms(quantile(c.latency_seconds, before && b.latency_seconds, 0.5)), field: "p50", num: true },
      { text: seconds === null ? "–" : ms(quantile(c.latency_seconds, before && b.latency_seconds, 0.99)), field: "p99", num: true },
      { text: fixed(defaultsRate, 1), field: "defaults-per-second", num: true, bad: defaultsRate > 0 },
      { text: fixed(rate(delta(total(b.refused), total(c.refused))), 1), field: "refused-per-second", num: true },
      { text: String(answered(c)), field: "answered", num: true },
      { text: reasons || "–", field: "defaults" },
    ]);
  }), "No app is registered.", 10);

  fill("models", models.map(m => tbody => {
    const id = m.model_name + ":" + m.model_version;
    row(tbody, { model: id }, [
      { text: m.model_name }, { text: m.model_version, field: "version" }, { text: m.is_current_version ? "yes" : "", field: "current" },
      { text: m.input_type }, { text: m.batch_size < 0 ? "adaptive" : String(m.batch_size), num: true },
      { text: String((replicasOf.get(id) || new Set()).size), field: "replicas", num: true },
    ]);
  }), "No model is registered.", 6);

  fill("frontends", frontends.map(f => tbody => {
    const replicas = Object.entries(f.replicas).map(([model, n]) => model + ": " + n).join(", ");
    row(tbody, { frontend: f.id }, [
      { text: f.id }, { text: f.http_address }, { text: f.rpc_address }, { text: since(f.started_at, at) + " ago" },
      { text: replicas || "none", field: "replicas" }, { text: String(f.refused_containers.length), num: true },
    ]);
  }), "No query frontend is live.", 6);

  drawReplicas(containers, frontends, at);

  const summary = document.getElementById("summary");
  summary.textContent = `${apps.length} app(s) · ${models.length} model version(s) · ${frontends.length} query frontend(s) · ${containers.length} replica connection(s)`;
  previous = { at, counters };
}

function setStatus(state, text) {
  const status = document.getElementById("status");
  status.dataset.state = state;
  status.textContent = text;
}

async function refresh() {
  try {
    const [apps, models, containers, frontends] = await Promise.all([
      admin("get_all_applications", { verbose: true }),
      admin("get_all_models", { verbose: true }),
      admin("get_all_containers", { verbose: true }),
      admin("get_query_frontends", {}),
    ]);
    document.getElementById("token-form").hidden = true;
    draw({ apps, models, containers, frontends, at: Date.now() });
    setStatus("ok", "updated " + new Date().toLocaleTimeString());
  } catch (error) {
    if (error instanceof AccessRefused) {
      document.getElementById("token-reason").textContent = error.message;
      document.getElementById("token-form").hidden = false;
      setStatus("error", "the admin token is needed");
    } else {
      setStatus("error", String(error.message || error));
    }
  } finally {
    setTimeout(refresh, INTERVAL_MS);
  }
}

document.getElementById("token-form").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token-input").value);
  document.getElementById("token-input").value = "";
  document.getElementById("token-form").hidden = true;
});
for (const th of document.querySelectorAll("#replicas th[data-sort]")) {
  th.addEventListener("click", () => {
    replicaSort = th.dataset.sort;
    for (const other of document.querySelectorAll("#replicas th[data-sort]")) other.classList.toggle("sorted", other === th);
    if (lastReplicas) drawReplicas(lastReplicas.containers, lastReplicas.frontends, lastReplicas.at);
  });
}
document.getElementById("interval").textContent = String(INTERVAL_MS / 1000);
takeTokenFromFragment();
refresh();
