// The t4t console's browser code: the lineage graph (dagre lays it out, Cytoscape.js draws it),
// live run updates from /console/events, and the Run / Full refresh actions with a confirmation.
(function () {
  'use strict';
  const page = document.body.dataset.page;
  const $ = (id) => document.getElementById(id);
  const state = { loadedAt: Date.now(), graphReady: false, cy: null, shown: [], events: [] };
  window.t4tConsole = state;
  state.errors = [];
  window.addEventListener('error', (e) => state.errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => state.errors.push(String(e.reason)));

  // --- the token: kept for this tab only, sent as a bearer token with every action
  const token = $('token');
  token.value = sessionStorage.getItem('t4t.token') || '';
  token.addEventListener('change', () => {
    if (token.value) {
      sessionStorage.setItem('t4t.token', token.value);
    } else {
      sessionStorage.removeItem('t4t.token');
    }
    tokenCookie(token.value);
    if ($('history-unavailable')) {
      window.location.reload(); // read the history again, with the token
    }
  });
  if (token.value) {
    tokenCookie(token.value);
  }

  // The token also goes as a same-site cookie for model pages, which the browser fetches without
  // an Authorization header: a host that reads a model's history elsewhere (the planner-service,
  // from the state-service) forwards it. Only model pages get it, for 8 hours at most (a token
  // usually expires sooner); actions never rely on it: they send the bearer header.
  function tokenCookie(t) {
    document.cookie =
      't4t_token=' + encodeURIComponent(t) + '; path=/console/models/; SameSite=Strict' +
      (location.protocol === 'https:' ? '; Secure' : '') + (t ? '; max-age=28800' : '; max-age=0');
  }

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const t = sessionStorage.getItem('t4t.token');
    if (t) {
      h.Authorization = 'Bearer ' + t;
    }
    return h;
  }

  async function postJson(url, body) {
    const r = await fetch(url, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    const json = await r.json().catch(() => null);
    return { ok: r.ok, status: r.status, said: json !== null, body: json || { error: r.status + ' ' + r.statusText } };
  }

  // Why a host refused an action, and what to do. An authenticated host (the planner-service)
  // answers 401 and 403 with no body: the page says which token the action needs.
  const tokenNeeded = {
    401: '401 Unauthorized: this action needs an API token of group t4t-operator; enter one in the API token field and try again',
    403: '403 Forbidden: the token in the API token field may not do this; the action needs a token of group t4t-operator',
  };
  function refusal(r) {
    if (!r.said && tokenNeeded[r.status]) {
      return tokenNeeded[r.status];
    }
    return r.status + ': ' + (r.body.error || JSON.stringify(r.body));
  }

  // --- live updates: one EventSource, several listeners
  const listeners = [];
  const live = $('live');
  const source = new EventSource('/console/events');
  source.onopen = () => {
    live.textContent = 'live';
    live.classList.add('on');
  };
  source.onerror = () => {
    live.textContent = 'reconnecting';
    live.classList.remove('on');
  };
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.ping) {
      return; // a keep-alive
    }
    state.events.push(e);
    listeners.forEach((f) => f(e));
  };
  const onEvent = (f) => listeners.push(f);
  // A page left for another may stay in the back/forward cache with its stream open; a browser
  // opens six connections per host, so the seventh page waited (about a minute) for one. Close it
  // when the page is hidden; a page restored from that cache reloads, for statuses it missed.
  window.addEventListener('pagehide', () => source.close());
  window.addEventListener('pageshow', (e) => e.persisted && window.location.reload());

  function setStatus(el, status) {
    el.className = el.className.replace(/\b(pending|running|succeeded|failed|skipped|never)\b/g, '');
    el.classList.add(status);
    el.textContent = status;
  }

  // --- the run panel: the run this page started, updated live
  let panelRun = null;
  function showRunPanel(runId, models) {
    panelRun = runId;
    $('run-panel').hidden = false;
    $('run-panel-id').textContent = runId;
    $('run-panel-id').href = '/console/runs/' + runId;
    setRunState('running');
    const body = $('run-panel-models').tBodies[0];
    body.innerHTML = '';
    models.forEach((m) => panelRow(m));
    state.events.filter((e) => e.run_id === runId).forEach(panelEvent);
  }

  function panelRow(model) {
    const body = $('run-panel-models').tBodies[0];
    let row = body.querySelector('tr[data-model="' + CSS.escape(model) + '"]');
    if (!row) {
      row = body.insertRow();
      row.dataset.model = model;
      row.insertCell().textContent = model;
      const s = row.insertCell();
      s.className = 'status';
      setStatus(s, 'pending');
      row.insertCell().className = 'message';
    }
    return row;
  }

  function setRunState(text, css) {
    const s = $('run-panel-state');
    s.textContent = text;
    s.className = 'badge ' + (css || text.split(' ')[0]);
  }

  function panelEvent(e) {
    if (e.run_id !== panelRun) {
      return;
    }
    if (e.model) {
      const row = panelRow(e.model);
      setStatus(row.cells[1], e.status);
      row.cells[2].textContent = e.message || '';
    }
    if (e.run_done) {
      setRunState(e.run_state, e.run_css);
    }
  }
  onEvent(panelEvent);

  // --- actions: preview what will run, confirm, then POST /runs with the same body
  async function confirmAndRun(body, title, kind) {
    const backfill = kind === 'backfill';
    const dialog = $('confirm');
    $('confirm-title').textContent = title;
    const list = $('confirm-models');
    list.innerHTML = '';
    $('confirm-error').textContent = '';
    const preview = await postJson(backfill ? '/console/api/preview/backfill' : '/console/api/preview', body);
    $('confirm-ok').disabled = !preview.ok;
    if (preview.ok) {
      preview.body.models.forEach((m) => {
        const li = document.createElement('li');
        li.textContent = m + (preview.body.full_refresh ? ' (full refresh)' : '');
        list.appendChild(li);
      });
    } else {
      $('confirm-error').textContent = preview.body.error;
    }
    dialog.returnValue = '';
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') {
        return;
      }
      const r = await postJson(backfill ? '/backfills' : '/runs', body);
      if (r.ok) {
        showRunPanel(
          r.body.run_id,
          preview.body.models.map((m) => m.replace(/ \(.*\)$/, ''))
        );
      } else {
        $('run-panel').hidden = false;
        setRunState('refused');
        $('run-panel-id').textContent = '';
        $('run-panel-models').tBodies[0].innerHTML = '';
        const row = $('run-panel-models').tBodies[0].insertRow();
        const cell = row.insertCell();
        cell.colSpan = 3;
        cell.className = 'error';
        cell.textContent = refusal(r);
      }
    };
    dialog.showModal();
  }

  function wireActions(model) {
    const run = $('run-model');
    if (!run) {
      return;
    }
    run.addEventListener('click', () => {
      const scope = $('run-scope');
      const select = scope && scope.value === 'shown' ? state.shown : [model];
      confirmAndRun({ select: select }, 'Run');
    });
    $('full-refresh').addEventListener('click', () =>
      confirmAndRun({ select: [model], full_refresh: true }, 'Full refresh of ' + model)
    );
    const backfill = $('backfill');
    if (backfill) {
      backfill.addEventListener('submit', (e) => {
        e.preventDefault();
        const window = { model: model, start: $('backfill-start').value, end: $('backfill-end').value };
        confirmAndRun(window, 'Backfill of ' + model + ' from ' + window.start + ' to ' + window.end, 'backfill');
      });
    }
  }

  // --- the lineage page
  async function lineage() {
    const graph = $('graph');
    const model = graph.dataset.model;
    const depth = graph.dataset.depth;
    wireActions(model);
    const search = $('search');
    let timer = null;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const r = await fetch('/console/api/search?q=' + encodeURIComponent(search.value));
        const names = await r.json();
        $('search-results').innerHTML = '';
        names.forEach((n) => {
          const o = document.createElement('option');
          o.value = n;
          $('search-results').appendChild(o);
        });
      }, 150);
    });
    const params = new URLSearchParams({ depth: depth });
    if (model) {
      params.set('model', model);
    }
    const r = await fetch('/console/api/lineage?' + params);
    const data = await r.json();
    if (!r.ok) {
      $('graph-note').textContent = data.error;
      return;
    }
    if (data.truncated) {
      $('graph-note').textContent =
        'Showing ' + data.nodes.length + ' of ' + data.models + ' models: search one to focus on it.';
    }
    state.shown = data.nodes.map((n) => n.id);
    draw(graph, data, model, depth);
  }

  function draw(container, data, focus, depth) {
    // dagre computes a layered layout; Cytoscape draws it at those positions
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70 });
    g.setDefaultEdgeLabel(() => ({}));
    data.nodes.forEach((n) => g.setNode(n.id, { width: Math.max(110, n.id.length * 7.2), height: 46 }));
    data.edges.forEach((e) => g.setEdge(e.source, e.target));
    dagre.layout(g);
    const elements = data.nodes.map((n) => ({
      group: 'nodes',
      data: {
        id: n.id,
        label: n.id + '\n' + n.freshness,
        status: n.status,
        w: g.node(n.id).width,
        focus: n.id === focus ? 'yes' : 'no',
      },
    }));
    data.edges.forEach((e) =>
      elements.push({ group: 'edges', data: { id: e.source + '->' + e.target, source: e.source, target: e.target } })
    );
    const cy = cytoscape({
      container: container,
      elements: elements,
      layout: { name: 'preset', positions: (node) => ({ x: g.node(node.id()).x, y: g.node(node.id()).y }) },
      wheelSensitivity: 0.3,
      maxZoom: 1.3,
      style: [
        {
          selector: 'node',
          style: {
            shape: 'round-rectangle',
            width: 'data(w)',
            height: 46,
            label: 'data(label)',
            'text-wrap': 'wrap',
            'text-valign': 'center',
            'font-size': 12,
            color: '#111',
            'background-color': '#d0d4da',
            'border-width': 1,
            'border-color': '#7a818c',
          },
        },
        { selector: 'node[focus = "yes"]', style: { 'border-width': 3, 'border-color': '#1f3a93' } },
        { selector: 'node[status = "succeeded"]', style: { 'background-color': '#a8e0b0' } },
        { selector: 'node[status = "failed"]', style: { 'background-color': '#f4a3a3' } },
        { selector: 'node[status = "running"]', style: { 'background-color': '#9cc7f2' } },
        { selector: 'node[status = "pending"]', style: { 'background-color': '#f2e29c' } },
        { selector: 'node[status = "skipped"]', style: { 'background-color': '#e0c8f0' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': '#8a8f98',
            'target-arrow-color': '#8a8f98',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
          },
        },
      ],
    });
    cy.on('tap', 'node', (evt) => {
      const id = evt.target.id();
      window.location.href =
        id === focus
          ? '/console/models/' + encodeURIComponent(id)
          : '/console?model=' + encodeURIComponent(id) + '&depth=' + depth;
    });
    onEvent((e) => {
      const node = e.model ? cy.getElementById(e.model) : null;
      if (node && node.nonempty()) {
        node.data('status', e.status);
        if (e.status === 'succeeded') {
          node.data('label', e.model + '\njust now');
        }
      }
    });
    state.cy = cy;
    state.graphReady = true;
  }

  // --- the runs page: a new run appears, a running one finishes
  function runs() {
    onEvent((e) => {
      const body = $('runs').tBodies[0];
      let row = body.querySelector('tr[data-run="' + CSS.escape(e.run_id) + '"]');
      if (!row) {
        row = body.insertRow(0);
        row.dataset.run = e.run_id;
        const a = document.createElement('a');
        a.href = '/console/runs/' + e.run_id;
        a.textContent = e.run_id;
        row.insertCell().appendChild(a);
        row.insertCell().className = 'state running';
        row.insertCell().className = 'counts';
        row.insertCell();
        const empty = $('no-runs');
        if (empty) {
          empty.remove();
        }
      }
      // the server sends the whole run's state and counts with each event
      row.cells[2].textContent = e.run_counts;
      row.cells[1].textContent = e.run_state;
      row.cells[1].className = 'state ' + e.run_css;
    });
  }

  // --- a run's page: its models change status in place
  function run() {
    const table = $('run-models');
    if (!table) {
      return;
    }
    onEvent((e) => {
      if (e.run_id !== table.dataset.run) {
        return;
      }
      if (e.model) {
        let row = table.querySelector('tr[data-model="' + CSS.escape(e.model) + '"]');
        if (!row) {
          row = table.tBodies[0].insertRow();
          row.dataset.model = e.model;
          row.insertCell().textContent = e.model;
          row.insertCell().className = 'status';
          row.insertCell();
          row.insertCell();
          row.insertCell();
          row.insertCell().className = 'message';
          row.insertCell().className = 'tests';
        }
        setStatus(row.cells[1], e.status);
        row.cells[5].textContent = e.message || '';
      }
      $('run-state').textContent = e.run_state;
      $('run-state').className = 'state ' + e.run_css;
      if ($('run-counts')) {
        $('run-counts').textContent = e.run_counts;
      }
    });
  }

  // --- a model's page
  function model() {
    const name = $('model-name').dataset.model;
    wireActions(name);
    onEvent((e) => {
      if (e.model === name) {
        setStatus($('model-status'), e.status);
      }
    });
  }

  ({ lineage: lineage, runs: runs, run: run, model: model })[page]?.();
})();
