/** Query string appended to the asset URLs so a new package version is not served from a stale cache. */
const ASSET_VERSION = '1';

/**
 * The dashboard's HTML, rendered on the server: the search playground (query, topK, filters,
 * answer with cited sources, the explain table, the pipeline diagram) and the rollout panel
 * (stage, flags, read percentage, shadow overlap, circuits, outbox, dual-write failures, migration
 * progress, advance / rollback). `assets/dashboard.js` fills it from the JSON APIs and `/events`.
 * Every control has a `<label for>`; results and live figures are in `aria-live` regions.
 */
export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Synapse dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/dashboard.css?v=${ASSET_VERSION}">
<script src="/dashboard/dashboard.js?v=${ASSET_VERSION}" defer></script>
</head>
<body>
<header class="top">
  <h1>Synapse</h1>
  <p class="subtitle">Search playground and migration rollout</p>
  <p id="connection" class="pill" role="status" aria-live="polite">connecting…</p>
</header>
<main class="layout">
  <section class="card search" aria-labelledby="search-title">
    <h2 id="search-title">Search playground</h2>
    <form id="search-form" class="search-form">
      <div class="field wide">
        <label for="query">Question</label>
        <input id="query" name="query" type="search" required autocomplete="off" placeholder="Ask the indexed documents…">
      </div>
      <div class="field">
        <label for="topk">Top K</label>
        <input id="topk" name="topK" type="number" min="1" max="100" value="5">
      </div>
      <div class="field wide">
        <label for="filters">Filters <span class="hint">(one <code>key=value</code> per line; all must match)</span></label>
        <textarea id="filters" name="filters" rows="2" placeholder="file_path=docs/france.md"></textarea>
      </div>
      <div class="actions"><button id="search-button" type="submit">Search</button></div>
    </form>
    <div id="search-status" class="status" role="status" aria-live="polite"></div>
    <div id="results" aria-live="polite">
      <section id="answer-block" hidden aria-labelledby="answer-title">
        <h3 id="answer-title">Answer</h3>
        <p id="answer" class="answer"></p>
        <p id="answer-meta" class="meta"></p>
        <h3 id="sources-title">Sources</h3>
        <ol id="sources" class="sources" aria-labelledby="sources-title"></ol>
      </section>
      <section id="explain-block" hidden aria-labelledby="explain-title">
        <h3 id="explain-title">Explain</h3>
        <div class="table-wrap"><table id="explain-table"><caption>Rank and score of each source per retriever, after fusion and after reranking</caption><thead></thead><tbody></tbody></table></div>
        <div class="table-wrap"><table id="timings-table"><caption>Per-component timings</caption><thead><tr><th scope="col">Component</th><th scope="col">ms</th></tr></thead><tbody></tbody></table></div>
      </section>
    </div>
    <section class="pipeline" aria-labelledby="pipeline-title">
      <h3 id="pipeline-title">Query pipeline <span id="pipeline-path" class="meta"></span></h3>
      <div id="pipeline-diagram" class="diagram">loading…</div>
      <details><summary>Mermaid and YAML</summary><pre id="pipeline-mermaid"></pre><pre id="pipeline-yaml"></pre></details>
    </section>
  </section>

  <section class="card rollout" aria-labelledby="rollout-title">
    <h2 id="rollout-title">Rollout</h2>
    <div id="rollout-live" aria-live="polite">
      <dl class="figures">
        <div><dt>Stage</dt><dd id="stage">–</dd></div>
        <div><dt>Query path</dt><dd id="query-path">–</dd></div>
        <div><dt>pgvector reads</dt><dd><span id="read-percentage">–</span><meter id="read-meter" min="0" max="100" value="0" aria-label="pgvector read percentage"></meter></dd></div>
        <div><dt>Circuits</dt><dd id="circuits">–</dd></div>
        <div><dt>Outbox size</dt><dd id="outbox">–</dd></div>
        <div><dt>Dual-write failures</dt><dd id="dual-write-failures">–</dd></div>
      </dl>
      <h3>Flags <span id="flags-origin" class="meta"></span></h3>
      <dl id="flags" class="flags"></dl>
      <h3>Shadow reads</h3>
      <p id="shadow-summary" class="meta">–</p>
      <div id="histogram" class="histogram" role="img" aria-label="shadow-read overlap histogram"></div>
      <h4>Latest low-overlap reads</h4>
      <ul id="low-events" class="low-events"><li class="meta">none</li></ul>
      <h3>Migration</h3>
      <p id="migration" class="meta">no migration job reports to this service</p>
      <progress id="migration-progress" max="1" value="0" aria-label="migration progress" hidden></progress>
    </div>
    <h3>Stage control</h3>
    <form id="admin-form" class="admin-form">
      <div class="field wide">
        <label for="admin-token">Admin token <span class="hint">(kept in this tab only)</span></label>
        <input id="admin-token" type="password" autocomplete="off">
      </div>
      <div class="actions">
        <button id="advance-button" type="button">Advance stage</button>
        <button id="rollback-button" type="button" class="danger">Roll back</button>
      </div>
    </form>
    <div id="admin-status" class="status" role="status" aria-live="polite"></div>
  </section>
</main>
</body>
</html>
`;
}
