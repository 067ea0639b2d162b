/// The dashboard's page: one HTML document with its CSS and script inline (nothing fetched from
/// elsewhere). The script reads `/api/summary` and `/api/trials`, then follows `/events`, and draws its
/// charts as SVG; the form posts to `/api/trials`.
enum Page {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>satune dashboard</title>
        <link rel="icon" href="data:,">
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #1d3557; color: #fff; padding: 0.7em 1.2em; display: flex; flex-wrap: wrap; gap: 1.2em;
          align-items: baseline; }
        header h1 { font-size: 1.25em; margin: 0; } header .meta { color: #cfd8e3; font-size: 0.9em; }
        #status { margin-left: auto; font-size: 0.9em; }
        #status .dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; background: #999;
          margin-right: 0.4em; }
        #status.live .dot { background: #2ecc71; } #status.down .dot { background: #e74c3c; }
        main { max-width: 1250px; margin: 0 auto; padding: 0.5em 1.2em 3em; }
        section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em 1em; margin: 1em 0; }
        h2 { font-size: 1.1em; margin: 0.3em 0 0.2em; } .hint { color: #555; font-size: 0.88em; margin: 0.2em 0 0.6em; }
        table { border-collapse: collapse; font-size: 0.85em; } th, td { border: 1px solid #ddd; padding: 3px 7px; }
        th { background: #f2f2f2; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.pick { cursor: pointer; } tr.pick:hover { background: #eef4fb; } tr.chosen { background: #dbe9f8; }
        .bar { background: #e6e6e6; border-radius: 3px; height: 0.8em; width: 120px; display: inline-block;
          vertical-align: middle; } .bar > span { display: block; height: 100%; background: #0072B2; border-radius: 3px; }
        .charts { display: flex; flex-wrap: wrap; gap: 0.8em; } .charts svg { background: #fff; border: 1px solid #eee; }
        .grid2 { display: grid; grid-template-columns: 3fr 2fr; gap: 1em; }
        @media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
        form .field { display: grid; grid-template-columns: 19em 13em 1fr; gap: 0.6em; align-items: center;
          padding: 2px 0; border-bottom: 1px dotted #eee; font-size: 0.88em; }
        form .field .range { color: #666; font-size: 0.9em; } form input, form select { font: inherit; width: 12em; }
        form .error { color: #b00020; font-weight: bold; } form input.bad { border: 2px solid #b00020; }
        button { font: inherit; padding: 0.3em 1.2em; margin-top: 0.6em; }
        #try-result table td.best { background: #eaf7ee; } .failed { color: #b00020; }
        .scroll { overflow-x: auto; max-height: 26em; overflow-y: auto; }
        select { font: inherit; } .controls { margin: 0.3em 0 0.6em; display: flex; gap: 1em; flex-wrap: wrap; }
        .muted { color: #777; }
        </style>
        </head>
        <body>
        <header>
          <h1>satune dashboard: <span id="experiment">…</span></h1>
          <span class="meta" id="folder"></span>
          <span id="status"><span class="dot"></span><span id="status-text">connecting…</span></span>
        </header>
        <main>
        <section id="progress">
          <h2>Progress</h2>
          <p class="hint">Every run is one agent tuning one environment under one seed; a run is complete after the
          default configuration (step 0) and its budget of evaluations. The page follows <code>trials.csv</code> as
          <code>satune run</code> appends to it: no need to reload.</p>
          <p><span class="bar" style="width:300px"><span id="overall-bar" style="width:0%"></span></span>
          <span id="overall-text"></span></p>
          <div class="scroll"><table id="progress-table"></table></div>
          <p id="problem" class="failed"></p>
        </section>
        <section id="convergence">
          <h2>Convergence</h2>
          <p class="hint">The best objective measured so far at each step, per agent: the line is the median over the
          runs (seeds) that have got furthest, so it only ever improves; the legend says how many runs that is
          while others are still behind. One chart per environment.</p>
          <div class="charts" id="convergence-charts"></div>
        </section>
        <section id="latest">
          <h2>Latest measurements</h2>
          <p class="hint">The newest trials first. Click a row to follow that run in "Decisions" below.</p>
          <div class="grid2">
            <div class="scroll"><table id="latest-table"></table></div>
            <div><strong>Internal metrics of the newest trial</strong> <span class="muted" id="metrics-of"></span>
              <div class="scroll"><table id="metrics-table"></table></div></div>
          </div>
        </section>
        <section id="decisions">
          <h2>Decisions of a run</h2>
          <p class="hint">Why the agent proposed each configuration: the kind of proposal (its exploration noise,
          candidate family or sampling), what its model predicted for it (with the spread of its critics or the
          GP's standard deviation) against what was then measured, and how the knobs moved.</p>
          <div class="controls">
            <label>run <select id="run-select"></select></label>
            <label>knob <select id="knob-select"></select></label>
          </div>
          <div class="charts" id="decision-charts"></div>
          <div class="scroll"><table id="decision-table"></table></div>
        </section>
        <section id="try">
          <h2>Try a configuration by hand</h2>
          <p class="hint">Pick an environment, change any knob (the defaults are filled in; the type, range and unit
          are shown), and evaluate it. The result appears next to the campaign's default and best, and is recorded in
          <code>manual-trials.csv</code> in the results folder, never in the agents' <code>trials.csv</code>.</p>
          <form id="try-form" autocomplete="off">
            <div class="controls"><label>environment <select id="try-env" name="environment"></select></label>
            <span class="error" id="error-environment"></span></div>
            <div id="try-fields"></div>
            <button type="submit" id="try-submit">Evaluate this configuration</button>
            <span class="error" id="error-request"></span>
          </form>
          <div id="try-result"></div>
        </section>
        </main>
        <script>
        "use strict";
        const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
        const state = { summary: null, rows: [], runRows: [], chosen: null, knobs: {}, latestDetail: null,
          dirty: true, lastEvent: null };
        const $ = id => document.getElementById(id);
        const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
        const fmt = v => v == null ? "" : (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)) ? v.toExponential(2)
          : Number(v.toPrecision(4)).toString();
        const runKey = r => r.environment + "\u001f" + r.agent + "\u001f" + r.seed;
        const envOf = label => state.summary.environments.find(e => e.label === label);
        const unitOf = env => env && env.unit ? " (" + env.unit + ")" : "";

        // A line or scatter chart as SVG: series of [x, y] points, titled axes, a legend.
        function chart(o) {
          const W = o.width || 560, H = o.height || 300, L = 64, R = 12 + (o.legendWidth ?? 150), T = 28, B = 44;
          const pts = o.series.flatMap(s => s.points.map(p => p[1])).concat(o.extraY || []).filter(v => v != null && isFinite(v));
          const xs = o.series.flatMap(s => s.points.map(p => p[0]));
          if (!pts.length) return `<svg width="${W}" height="60"><text x="10" y="30">${esc(o.title)}: no data yet</text></svg>`;
          let y0 = Math.min(...pts), y1 = Math.max(...pts); if (y1 - y0 < 1e-12) { y0 -= 1; y1 += 1; }
          const pad = (y1 - y0) * 0.06; y0 -= pad; y1 += pad;
          const x0 = Math.min(...xs, 0), x1 = Math.max(...xs, 1);
          const X = x => L + (x - x0) / (x1 - x0) * (W - L - R), Y = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
          let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-size="11" role="img" aria-label="${esc(o.title)}">`;
          s += `<text x="${(L + W - R) / 2}" y="16" text-anchor="middle" font-weight="bold" font-size="12">${esc(o.title)}</text>`;
          for (let i = 0; i <= 4; i++) { const v = y0 + (y1 - y0) * i / 4, y = Y(v);
            s += `<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${L - 5}" y="${y + 4}" text-anchor="end">${fmt(v)}</text>`; }
          for (let i = 0; i <= 5; i++) { const v = x0 + (x1 - x0) * i / 5, x = X(v);
            s += `<text x="${x}" y="${H - B + 15}" text-anchor="middle">${fmt(Math.round(v))}</text>`; }
          s += `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#333"/>`;
          s += `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${esc(o.xTitle)}</text>`;
          s += `<text transform="translate(13 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yTitle)}</text>`;
          o.series.forEach((se, i) => {
            const c = se.color || palette[i % palette.length], p = se.points.filter(q => q[1] != null && isFinite(q[1]));
            if (se.whiskers) se.whiskers.forEach(w => { s += `<line x1="${X(w[0])}" x2="${X(w[0])}" y1="${Y(w[1])}" y2="${Y(w[2])}" stroke="${c}" stroke-opacity="0.5"/>`; });
            if (se.dots) p.forEach(q => { s += `<circle cx="${X(q[0])}" cy="${Y(q[1])}" r="3" fill="${se.hollow ? "none" : c}" stroke="${c}"><title>${esc(se.name)}: step ${q[0]}, ${fmt(q[1])}</title></circle>`; });
            else if (p.length) s += `<polyline fill="none" stroke="${c}" stroke-width="2" points="${p.map(q => X(q[0]) + "," + Y(q[1])).join(" ")}"/>`;
            const ly = T + 12 + i * 16;
            if (o.series.length > 1 || o.legend) s += `<rect x="${W - R + 8}" y="${ly - 8}" width="12" height="8" fill="${se.hollow ? "none" : c}" stroke="${c}"/><text x="${W - R + 24}" y="${ly}">${esc(se.name)}</text>`;
          });
          return s + "</svg>";
        }

        function median(v) { const a = v.filter(x => x != null).sort((p, q) => p - q); const n = a.length;
          return n ? (n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2) : null; }

        function renderProgress() {
          const s = state.summary, steps = s.budget + 1, done = {};
          state.rows.forEach(r => { const k = runKey(r); done[k] = Math.max(done[k] || 0, r.step + 1); });
          let cellsDone = 0, trials = 0; const groups = {};
          s.cells.forEach(c => { const n = Math.min(done[runKey(c)] || 0, steps); trials += n; if (n >= steps) cellsDone++;
            const g = c.environment + "\u001f" + c.agent; (groups[g] = groups[g] || []).push(n); });
          $("overall-bar").style.width = (100 * trials / Math.max(1, s.cells.length * steps)).toFixed(1) + "%";
          $("overall-text").textContent = `${cellsDone} of ${s.cells.length} runs complete · ${trials} of ${s.cells.length * steps} trials · ${s.manual_trials} manual trials`;
          const best = {}; state.rows.forEach(r => { if (r.best_objective != null) best[r.environment + "\u001f" + r.agent + "\u001f" + r.seed] = r.best_objective; });
          let h = "<tr><th>environment</th><th>agent</th><th>runs (seeds) complete</th><th>steps done</th><th>median best so far</th></tr>";
          Object.entries(groups).forEach(([g, ns]) => { const [env, agent] = g.split("\u001f"), e = envOf(env);
            const total = ns.reduce((a, b) => a + b, 0), full = ns.length * steps;
            const bests = s.cells.filter(c => c.environment === env && c.agent === agent).map(c => best[runKey(c)]);
            h += `<tr><td>${esc(env)}</td><td>${esc(agent)}</td><td class="num">${ns.filter(n => n >= steps).length} / ${ns.length}</td>` +
              `<td><span class="bar"><span style="width:${(100 * total / full).toFixed(1)}%"></span></span> ${total} / ${full}</td>` +
              `<td class="num">${median(bests) == null ? "" : fmt(median(bests)) + esc(unitOf(e))}</td></tr>`; });
          $("progress-table").innerHTML = h;
          $("problem").textContent = s.problem ? "Reading trials.csv: " + s.problem : "";
        }

        function renderConvergence() {
          const s = state.summary, html = [];
          s.environments.forEach(env => {
            const agents = s.agents.filter(a => state.rows.some(r => r.environment === env.label && r.agent === a.label));
            // The median over the runs that have reached the furthest step, at every step: a fixed set of runs, so
            // the line only improves; runs still behind are counted in the legend.
            const series = agents.map(a => { const runs = {};
              state.rows.forEach(r => { if (r.environment === env.label && r.agent === a.label && r.best_objective != null) (runs[r.seed] = runs[r.seed] || {})[r.step] = r.best_objective; });
              const seeds = Object.keys(runs), last = k => Math.max(...Object.keys(runs[k]).map(Number));
              const furthest = Math.max(...seeds.map(last)), leaders = seeds.filter(k => last(k) === furthest);
              const steps = [...new Set(leaders.flatMap(k => Object.keys(runs[k]).map(Number)))].sort((p, q) => p - q);
              const name = leaders.length === seeds.length ? a.label : `${a.label} (${leaders.length} of ${seeds.length} runs)`;
              return { name, points: steps.map(k => [k, median(leaders.map(l => runs[l][k]))]) }; });
            const better = env.direction === "minimize" ? "lower is better" : "higher is better";
            html.push(chart({ title: env.label, xTitle: "evaluations (0 = default)", yTitle: `best ${env.objective}${unitOf(env)}, ${better}`, series, legend: true }));
          });
          $("convergence-charts").innerHTML = html.join("");
        }

        function renderLatest() {
          const rows = state.rows.slice(-14).reverse();
          let h = "<tr><th>environment</th><th>agent</th><th>seed</th><th>step</th><th>objective</th><th>best so far</th><th>throughput (tx/s)</th><th>p50 (ms)</th><th>p95 (ms)</th><th>p99 (ms)</th><th>proposal</th><th>predicted</th></tr>";
          rows.forEach(r => { const e = envOf(r.environment), chosen = state.chosen === runKey(r) ? " chosen" : "";
            h += `<tr class="pick${chosen}" data-run="${esc(runKey(r))}"><td>${esc(r.environment)}</td><td>${esc(r.agent)}</td><td class="num">${r.seed}</td><td class="num">${r.step}</td>` +
              `<td class="num">${r.failed ? '<span class="failed" title="' + esc(r.failure_reason) + '">failed</span>' : fmt(r.objective)}</td><td class="num">${fmt(r.best_objective)}</td>` +
              `<td class="num">${fmt(r.throughput)}</td><td class="num">${fmt(r.latency_p50)}</td><td class="num">${fmt(r.latency_p95)}</td><td class="num">${fmt(r.latency_p99)}</td>` +
              `<td>${esc(r.decision ? r.decision.kind : (r.step === 0 ? "default" : ""))}</td><td class="num">${fmt(r.decision && r.decision.predicted)}</td></tr>`; });
          $("latest-table").innerHTML = h;
          document.querySelectorAll("#latest-table tr.pick").forEach(tr => tr.onclick = () => chooseRun(tr.dataset.run));
          const d = state.latestDetail;
          if (d && d.metrics) { $("metrics-of").textContent = `(${d.environment}, ${d.agent}, seed ${d.seed}, step ${d.step})`;
            $("metrics-table").innerHTML = "<tr><th>metric</th><th>value</th></tr>" + Object.keys(d.metrics).sort().map(k => `<tr><td>${esc(k)}</td><td class="num">${fmt(d.metrics[k])}</td></tr>`).join("");
            if (!Object.keys(d.metrics).length) $("metrics-table").innerHTML = "<tr><td>this environment has no internal metrics</td></tr>"; }
        }

        function renderRunSelect() {
          const sel = $("run-select"), keys = [...new Set(state.rows.map(runKey))];
          if (sel.options.length !== keys.length) {
            sel.innerHTML = keys.map(k => { const [e, a, s] = k.split("\u001f"); return `<option value="${esc(k)}">${esc(e)} · ${esc(a)} · seed ${s}</option>`; }).join("");
            if (state.chosen) sel.value = state.chosen;
          }
        }

        async function chooseRun(key) {
          if (!key) return; state.chosen = key; $("run-select").value = key;
          const [environment, agent, seed] = key.split("\u001f");
          const q = "environment=" + encodeURIComponent(environment) + "&agent=" + encodeURIComponent(agent) + "&seed=" + seed;
          state.runRows = await (await fetch("/api/trials?" + q)).json();
          if (!state.latestDetail && state.runRows.length) state.latestDetail = state.runRows[state.runRows.length - 1];
          const knobs = Object.keys((state.runRows[0] || {}).knobs || {});
          const ks = $("knob-select"), keep = ks.value;
          ks.innerHTML = knobs.map(k => `<option>${esc(k)}</option>`).join(""); if (knobs.includes(keep)) ks.value = keep;
          renderDecisions(); renderLatest();
        }

        function renderDecisions() {
          const rows = state.runRows; if (!rows.length) { $("decision-charts").innerHTML = '<p class="muted">Pick a run.</p>'; return; }
          const env = envOf(rows[0].environment), kinds = [...new Set(rows.map(r => r.decision ? r.decision.kind : (r.step === 0 ? "default" : "not said")))];
          const observed = kinds.map((k, i) => ({ name: "measured: " + k, dots: true, color: palette[i % palette.length],
            points: rows.filter(r => (r.decision ? r.decision.kind : (r.step === 0 ? "default" : "not said")) === k).map(r => [r.step, r.failed ? null : r.objective]) }));
          const withPrediction = rows.filter(r => r.decision && r.decision.predicted != null);
          const predicted = { name: "predicted (± spread)", dots: true, hollow: true, color: "#444",
            points: withPrediction.map(r => [r.step, r.decision.predicted]),
            whiskers: withPrediction.filter(r => r.decision.spread != null).map(r => [r.step, r.decision.predicted - r.decision.spread, r.decision.predicted + r.decision.spread]) };
          const knob = $("knob-select").value;
          const values = rows.map(r => r.knobs ? r.knobs[knob] : undefined), numeric = values.every(v => v === undefined || !isNaN(Number(v)));
          const cats = numeric ? [] : [...new Set(values.filter(v => v !== undefined))].sort();
          const knobSeries = [{ name: knob, dots: true, points: rows.map((r, i) => [r.step, values[i] === undefined ? null : (numeric ? Number(values[i]) : cats.indexOf(values[i]))]) }];
          $("decision-charts").innerHTML =
            chart({ title: "predicted against measured", xTitle: "step", yTitle: env.objective + unitOf(env), series: observed.concat([predicted]), legendWidth: 230,
              extraY: predicted.whiskers.flatMap(w => [w[1], w[2]]).filter(v => isFinite(v)) }) +
            chart({ title: "knob " + knob + (numeric ? "" : " (" + cats.map((c, i) => i + " = " + c).join(", ") + ")"), xTitle: "step", yTitle: knob, series: knobSeries, legendWidth: 0 });
          let h = "<tr><th>step</th><th>proposal</th><th>predicted</th><th>spread</th><th>measured</th><th>score</th><th>candidates</th><th>trust region</th><th>restarts</th></tr>";
          rows.slice(-30).reverse().forEach(r => { const d = r.decision || {};
            h += `<tr><td class="num">${r.step}</td><td>${esc(d.kind || (r.step === 0 ? "default" : ""))}</td><td class="num">${fmt(d.predicted)}</td><td class="num">${fmt(d.spread)}</td>` +
              `<td class="num">${r.failed ? '<span class="failed">failed</span>' : fmt(r.objective)}</td><td class="num">${fmt(d.score)}</td><td class="num">${d.candidates ?? ""}</td><td class="num">${fmt(d.trust_region)}</td><td class="num">${d.restarts ?? ""}</td></tr>`; });
          $("decision-table").innerHTML = h;
        }

        function render() { if (!state.summary || !state.dirty) return; state.dirty = false;
          renderProgress(); renderConvergence(); renderLatest(); renderRunSelect(); }

        function follow() {
          const source = new EventSource("/events?since=" + state.rows.length);
          source.onopen = () => { $("status").className = "live"; $("status-text").textContent = "live: following trials.csv"; };
          source.onerror = () => { $("status").className = "down"; $("status-text").textContent = "disconnected: retrying…"; };
          source.addEventListener("trial", ev => { const r = JSON.parse(ev.data);
            if (r.index < state.rows.length) return;
            state.latestDetail = r; const compact = Object.assign({}, r); delete compact.knobs; delete compact.metrics;
            state.rows.push(compact); state.dirty = true;
            if (state.chosen === runKey(r)) { state.runRows.push(r); renderDecisions(); }
            $("status-text").textContent = "live: trial " + (r.index + 1) + " at " + new Date().toLocaleTimeString(); });
        }

        async function loadKnobs() {
          const env = $("try-env").value; if (!env) return;
          const knobs = await (await fetch("/api/knobs?environment=" + encodeURIComponent(env))).json(); state.knobs[env] = knobs;
          $("try-fields").innerHTML = '<div class="field"><strong>knob</strong><strong>value</strong><strong>type and range</strong></div>' +
            knobs.map(k => { const input = k.choices ? `<select name="${esc(k.name)}" id="knob-${esc(k.name)}">${k.choices.map(c => `<option${c === k.default ? " selected" : ""}>${esc(c)}</option>`).join("")}</select>`
              : `<input name="${esc(k.name)}" id="knob-${esc(k.name)}" value="${esc(k.default)}">`;
              return `<div class="field"><label for="knob-${esc(k.name)}">${esc(k.name)}${k.unit ? " (" + esc(k.unit) + ")" : ""}</label>${input}` +
                `<span><span class="range">${esc(k.type)}, ${esc(k.range)}; default ${esc(k.default)}</span> <span class="error" id="error-${esc(k.name)}"></span></span></div>`; }).join("");
        }

        async function submitTrial(ev) {
          ev.preventDefault(); const env = $("try-env").value, knobs = {};
          (state.knobs[env] || []).forEach(k => { knobs[k.name] = $("knob-" + k.name).value; });
          document.querySelectorAll("#try-form .error").forEach(e => e.textContent = "");
          document.querySelectorAll("#try-form .bad").forEach(e => e.classList.remove("bad"));
          $("try-submit").disabled = true; $("try-result").innerHTML = '<p class="muted">evaluating…</p>';
          try {
            const res = await fetch("/api/trials", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ environment: env, knobs }) });
            const body = await res.json();
            if (!res.ok) { $("try-result").innerHTML = '<p class="failed">Not evaluated: fix the fields marked in red.</p>';
              Object.entries(body.errors || {}).forEach(([field, msg]) => { const el = $("error-" + field) || $("error-request"); el.textContent = msg;
                const input = $("knob-" + field); if (input) input.classList.add("bad"); }); return; }
            const t = body.trial, d = body.default || {}, b = body.best || {}, e = envOf(env);
            const row = (name, key) => `<tr><td>${name}</td><td class="num">${fmt(t[key])}</td><td class="num">${fmt(d[key])}</td><td class="num best">${fmt(b[key])}</td></tr>`;
            $("try-result").innerHTML = `<p>${t.failed ? '<span class="failed">The configuration failed: ' + esc(t.failure_reason) + "</span>" : "Measured"} · manual trial ${t.step}, recorded in manual-trials.csv.</p>` +
              `<table><tr><th></th><th>this configuration</th><th>default (median of ${d.runs === 1 ? "1 run" : (d.runs || 0) + " runs"})</th><th>best found by the agents</th></tr>` +
              row(esc(e.objective) + esc(unitOf(e)) + " (objective)", "objective") + row("throughput (tx/s)", "throughput") + row("p50 latency (ms)", "latency_p50") +
              row("p95 latency (ms)", "latency_p95") + row("p99 latency (ms)", "latency_p99") + "</table>";
          } catch (err) { $("error-request").textContent = "The dashboard did not answer: " + err; }
          finally { $("try-submit").disabled = false; }
        }

        async function start() {
          state.summary = await (await fetch("/api/summary")).json();
          $("experiment").textContent = state.summary.experiment; $("folder").textContent = state.summary.folder;
          state.rows = await (await fetch("/api/trials")).json();
          $("try-env").innerHTML = state.summary.environments.map(e => `<option>${esc(e.label)}</option>`).join("");
          $("try-env").onchange = loadKnobs; $("try-form").onsubmit = submitTrial;
          $("run-select").onchange = () => chooseRun($("run-select").value); $("knob-select").onchange = renderDecisions;
          state.dirty = true; render(); follow(); loadKnobs();
          if (state.rows.length) chooseRun(runKey(state.rows[state.rows.length - 1]));
          setInterval(render, 250);
          setInterval(async () => { try { const s = await (await fetch("/api/summary")).json(); s.cells = s.cells || []; state.summary = s; state.dirty = true; } catch (e) {} }, 5000);
        }
        start();
        </script>
        </body>
        </html>
        """#
}
