// Bowtie's operations page: plain JavaScript, no build step. It reads only the
// JSON API under /api/ui/api (the same answers on Azure and under
// `bowtie dashboard`), refreshes on its own, and places the server's SVG of
// the topology (the renderer `bowtie plan --out` uses) in the page.
//
// Stable DOM hooks for the browser tests (keep them when changing the page):
//   body[data-refresh-count]            how many refreshes have completed (a test waits for it to grow)
//   body[data-refreshed-at]             the ISO time of the last completed refresh
//   [data-testid=refresh-status]        "updated HH:MM:SS, every 5 s" (or the error of the last refresh)
//   [data-testid=fleet-table]           the fleet table
//   tr[data-testid=fleet-row]           one per deployment, with data-deployment=<name>,
//                                       data-status=<registry status: Succeeded, Deploying, Remediating, Failed, NeedsAttention, ...>,
//                                       data-health=<healthy|degraded|down|unknown>, data-findings=<count>,
//                                       data-running=<operation kind running now, or "">
//   [data-testid=deployment-view]       the selected deployment (URL #/deployments/<name>), with
//                                       data-deployment, data-status, data-health as on its fleet row
//   [data-testid=diagram] svg[data-testid=topology]   the live drawing, in it (every element has data-state=up|down|unknown
//                                       and data-since=<ISO or "">):
//       rect[data-testid=gateway-instance-<0|1>]     a gateway instance
//       rect[data-testid=nva-<nva>]                  an NVA
//       path[data-testid=tunnel-<nva>-<0|1>]         the IPsec tunnel from gateway instance 0|1 to the NVA
//       text[data-testid=gw-session-<nva>-<0|1>]     the gateway's BGP session over that tunnel, in words
//       text[data-testid=rs-session-<nva>-<routerIp>] a Route Server BGP session (two per NVA)
//       text.label                                   every text of the drawing (for the no-overlap check)
//   tr[data-testid=element-row]         the same elements as a table: data-element=<id above>, data-kind, data-state
//   tr[data-testid=finding]             a finding: data-severity=<critical|warning>, data-kind
//   tr[data-testid=history-row]         an ended operation: data-kind=<deploy|remediate|change|rotate|teardown>, data-status
//   [data-testid=deployment-running]    the operation running now with its progress (hidden when none)
//   [data-testid=whatif-spec|whatif-submit|whatif-result]  the what-if form and its answer
//
// Options in the URL's query: ?refresh=<seconds> (default 5; 0 stops refreshing).

const API = "/api/ui/api";
const params = new URLSearchParams(location.search);
const refreshSeconds = params.has("refresh") ? Math.max(0, Number(params.get("refresh")) || 0) : 5;

/** An element with attributes and children (strings become text: nothing from the API is parsed as HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

const badge = (state, text = state) => el("span", { class: "badge", "data-state": state }, text);

/** "2030-01-01 09:38:12Z", or "—". */
function when(iso) {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** The running operation's progress in words: the deploy's phase and counts when it reports them. */
function progressText(running) {
  if (!running) return "";
  const p = running.progress;
  let detail = running.runtimeStatus ?? "starting";
  if (p && typeof p === "object") {
    if (typeof p.phase === "string") {
      const done = p.byPhase && typeof p.byPhase.succeeded === "number" ? p.byPhase.succeeded : null;
      detail = `${p.phase}${done !== null && typeof p.total === "number" ? ` ${done}/${p.total}` : ""}`;
      if (Array.isArray(p.provisioning) && p.provisioning.length) detail += `, waiting on ${p.provisioning.map((x) => x.name).join(", ")}`;
    } else if (typeof p.status === "string") detail = p.status;
  }
  return `${running.kind} running since ${when(running.since)} — ${detail}`;
}

const healthOf = (row) => (row.health ? row.health.status : "unknown");

function selected() {
  const m = /^#\/deployments\/([a-z0-9-]+)$/.exec(location.hash);
  return m ? m[1] : null;
}

function renderFleet(fleet) {
  const body = document.getElementById("fleet-rows");
  const current = selected();
  const rows = fleet.deployments.map((d) => {
    const findings = d.health ? d.health.critical + d.health.warning : 0;
    const tr = el(
      "tr",
      {
        "data-testid": "fleet-row",
        "data-deployment": d.name,
        "data-status": d.status,
        "data-health": healthOf(d),
        "data-findings": findings,
        "data-running": d.running ? d.running.kind : "",
        "aria-selected": d.name === current ? "true" : "false",
        tabindex: 0,
      },
      el("td", {}, el("a", { href: `#/deployments/${d.name}` }, d.name)),
      el("td", {}, badge(d.status)),
      el("td", {}, badge(healthOf(d))),
      el("td", {}, d.health ? `${d.health.critical} critical, ${d.health.warning} warning` : "—"),
      el("td", {}, when(d.lastCheck)),
      el("td", {}, d.lastChange ? `${d.lastChange.kind} ${d.lastChange.status} at ${when(d.lastChange.at)}` : "—"),
      el("td", {}, d.running ? progressText(d.running) : "—"),
    );
    tr.addEventListener("click", () => (location.hash = `#/deployments/${d.name}`));
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") location.hash = `#/deployments/${d.name}`;
    });
    return tr;
  });
  body.replaceChildren(...rows);
  document.getElementById("fleet-empty").hidden = fleet.deployments.length > 0;
}

function renderDeployment(view) {
  const section = document.getElementById("deployment");
  section.hidden = false;
  section.dataset.deployment = view.name;
  section.dataset.status = view.status;
  section.dataset.health = healthOf(view);
  document.getElementById("deployment-title").replaceChildren(`${view.name} `, badge(view.status), " ", badge(healthOf(view), `health: ${healthOf(view)}`));
  document
    .getElementById("deployment-summary")
    .replaceChildren(
      `Resource group ${view.resourceGroup}. Last check ${when(view.lastCheck)}; last change ${view.lastChange ? `${view.lastChange.kind} ${view.lastChange.status} at ${when(view.lastChange.at)}` : "—"}.${view.reason ? ` Reason: ${view.reason}` : ""}`,
    );
  const running = document.getElementById("deployment-running");
  running.hidden = !view.running;
  running.textContent = view.running ? progressText(view.running) : "";
  // The server's own drawing: its texts are escaped there, and it holds no script.
  document.getElementById("diagram").innerHTML = view.diagram;

  const names = { gatewayInstance: "gateway instance", nva: "NVA", tunnel: "IPsec tunnel", gatewaySession: "gateway BGP session", routeServerSession: "Route Server BGP session" };
  const describe = (e) =>
    e.kind === "gatewayInstance"
      ? `gateway instance ${e.instance}`
      : e.kind === "nva"
        ? `NVA ${e.nva}`
        : e.kind === "routeServerSession"
          ? `Route Server ${e.routerIp} ⇄ ${e.nva}`
          : `${names[e.kind]} instance ${e.instance} ⇄ ${e.nva}`;
  document
    .getElementById("element-rows")
    .replaceChildren(
      ...view.elements.map((e) =>
        el("tr", { "data-testid": "element-row", "data-element": e.id, "data-kind": e.kind, "data-state": e.state }, el("td", {}, describe(e)), el("td", {}, badge(e.state)), el("td", {}, when(e.since)), el("td", {}, e.detail)),
      ),
    );

  const show = (v) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
  const findings = view.findings.length
    ? view.findings.map((f) =>
        el(
          "tr",
          { "data-testid": "finding", "data-severity": f.severity, "data-kind": f.kind },
          el("td", {}, badge(f.severity)),
          el("td", {}, f.kind),
          el("td", {}, f.resource + (f.path ? ` (${f.path})` : "")),
          el("td", {}, show(f.expected)),
          el("td", {}, show(f.actual)),
          el("td", {}, when(f.since)),
        ),
      )
    : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, view.lastCheck ? "No findings." : "Not checked yet."))];
  document.getElementById("finding-rows").replaceChildren(...findings);

  const history = view.history.length
    ? view.history.map((h) =>
        el(
          "tr",
          { "data-testid": "history-row", "data-kind": h.kind, "data-status": h.status },
          el("td", {}, h.kind),
          el("td", {}, badge(h.status)),
          el("td", {}, when(h.startedAt)),
          el("td", {}, when(h.endedAt)),
          el("td", {}, h.writes === null ? "—" : h.writes),
          el("td", {}, h.reason ?? ""),
        ),
      )
    : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No operation has ended yet."))];
  document.getElementById("history-rows").replaceChildren(...history);
}

async function getJson(path) {
  const res = await fetch(`${API}${path}`, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `${path}: HTTP ${res.status}`);
  return body;
}

let count = 0;
let inFlight = false;
// A refresh asked for while one runs (a click on another deployment) runs right after it, not a period later.
let again = false;

async function refresh() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  const status = document.querySelector("[data-testid=refresh-status]");
  try {
    const name = selected();
    const [fleet, view] = await Promise.all([getJson("/fleet"), name ? getJson(`/deployments/${name}`) : Promise.resolve(null)]);
    renderFleet(fleet);
    if (view) renderDeployment(view);
    else document.getElementById("deployment").hidden = true;
    const at = new Date().toISOString();
    document.body.dataset.refreshedAt = at;
    document.body.dataset.refreshCount = String(++count);
    status.classList.remove("error");
    status.textContent = `updated ${at.slice(11, 19)}Z${refreshSeconds ? `, every ${refreshSeconds} s` : ", refresh off"}`;
  } catch (e) {
    status.classList.add("error");
    status.textContent = `refresh failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      void refresh();
    }
  }
}

document.getElementById("whatif-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.getElementById("whatif-result");
  const name = selected();
  if (!name) return;
  out.replaceChildren("asking…");
  try {
    const res = await fetch(`${API}/deployments/${name}/whatif`, { method: "POST", headers: { "content-type": "application/json" }, body: document.getElementById("whatif-spec").value });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const violations = Array.isArray(body?.violations) ? body.violations.map((v) => el("li", {}, `${v.path}: ${v.rule}`)) : [];
      out.replaceChildren(el("p", { class: "error" }, body?.error?.message ?? `HTTP ${res.status}`), el("ul", {}, violations));
      return;
    }
    const changes = (body?.changes ?? []).filter((c) => c.action !== "none");
    out.replaceChildren(
      changes.length
        ? el(
            "table",
            { "data-testid": "whatif-changes" },
            el("thead", {}, el("tr", {}, el("th", {}, "Action"), el("th", {}, "Type"), el("th", {}, "Name"), el("th", {}, "Why"))),
            el("tbody", {}, changes.map((c) => el("tr", { "data-testid": "whatif-change", "data-action": c.action }, el("td", {}, c.action), el("td", {}, c.type), el("td", {}, c.name), el("td", {}, c.reason ?? "")))),
          )
        : el("p", {}, "Nothing would change."),
    );
  } catch (e) {
    out.replaceChildren(el("p", { class: "error" }, e instanceof Error ? e.message : String(e)));
  }
});

window.addEventListener("hashchange", () => {
  document.getElementById("whatif-result").replaceChildren();
  void refresh();
});
void refresh();
if (refreshSeconds > 0) setInterval(() => void refresh(), refreshSeconds * 1000);
