import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MigrationEvent } from '@synapse-rag/migration';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, shadowComparison, startTestService } from '../../test/serve-client.js';

/** Debian's chromium, installed by scripts/install-chromium.sh (no browser download by Playwright). */
const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'dashboard-admin-token-0123456789';
/** How long a pushed figure may take to show (the periodic `/events` message comes only every 60 s). */
const LIVE_MS = 8000;
/** Generous waits for page updates: the machine may be busy with other test suites. */
const WAIT_MS = 10_000;
/**
 * Where the screenshots go: docs/screenshots/ (the README's images) with UPDATE_SCREENSHOTS=1,
 * else a temp folder, so a test run leaves the committed images alone.
 */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? new URL('../../../../docs/screenshots/', import.meta.url)
    : new URL(`file://${join(tmpdir(), 'synapse-dashboard-screenshots')}/`);
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

if (!haveChromium) {
  const message = `${CHROMIUM} is missing: the dashboard's browser tests need it. Install it with scripts/install-chromium.sh (root).`;
  if (inCi) throw new Error(`CI=true but ${message}`);
  console.warn(`\n*** SKIPPING the dashboard browser tests: ${message} ***\n`);
}

describe.skipIf(!haveChromium)('the dashboard in a real browser (chromium + playwright-core, PGlite service)', () => {
  let dir: string;
  let service: Awaited<ReturnType<typeof startTestService>>;
  let browser: Browser;
  const problems: string[] = [];

  /** A page at `width` that records console errors and uncaught page errors into `problems`. */
  async function openPage(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error at ${width}px: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error at ${width}px: ${error.message}`));
    await page.goto(service.url, { waitUntil: 'domcontentloaded' });
    return page;
  }

  async function search(page: Page, query: string, filters = ''): Promise<void> {
    await page.getByLabel('Question').fill(query);
    await page.getByLabel('Top K').fill('3');
    await page.getByLabel(/^Filters/).fill(filters);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#search-status.ok').waitFor();
  }

  /** `PUT /admin/flags` with the admin token, as an operator's script would change a flag. */
  const putFlags = (flags: Record<string, unknown>) =>
    call(service.url, 'PUT', '/admin/flags', flags, { authorization: `Bearer ${TOKEN}` });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-dashboard-'));
    const flagsFile = join(dir, 'flags.json');
    await writeFile(flagsFile, '{}\n');
    service = await startTestService(
      { settings: { pgvector: { pgliteDir: join(dir, 'db'), table: 'documents' } }, flagsFile },
      { adminToken: TOKEN, eventsIntervalMs: 60_000 },
    );
    const indexed = await call(service.url, 'POST', '/index', {
      documents: [
        { content: 'Paris is the capital and largest city of France.', meta: { file_path: 'docs/france.md' } },
        { content: 'Berlin is the capital of Germany.', meta: { file_path: 'docs/germany.md' } },
        { content: 'Photosynthesis turns light, water and carbon dioxide into sugar.', meta: { file_path: 'docs/plants.md' } },
        { content: 'Madrid is the capital of Spain and sits on the Manzanares river.', meta: { file_path: 'docs/spain.md' } },
      ],
    });
    expect(indexed.status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the page and its assets from the service itself (no CDN)', async () => {
    const page = await call(service.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = String(page.body.text);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['/dashboard/dashboard.js', '/dashboard/dashboard.css']) {
      expect(html).toContain(asset);
      const res = await fetch(`${service.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(await res.text()).not.toMatch(/https?:\/\/(?!127\.)/);
    }
    expect((await call(service.url, 'GET', '/dashboard/nothing.js')).status).toBe(404);
  });

  it('runs a query: answer, cited sources, the explain table and the pipeline diagram', async () => {
    const page = await openPage(1280);
    await search(page, 'What is the capital of France?');
    await expect.poll(() => page.locator('#answer').textContent(), { timeout: WAIT_MS }).toContain('Paris');
    const sources = page.locator('#sources li');
    expect(await sources.count()).toBeGreaterThan(0);
    expect(await sources.first().textContent()).toContain('docs/france.md');

    const explain = page.getByRole('table', { name: /Rank and score of each source/ });
    const stages = await explain.locator('thead th.stage').allTextContents();
    expect(stages).toEqual(['embedding_retriever', 'keyword_retriever', 'joiner (after fusion)']);
    const france = explain.locator('tbody tr').first().locator('td');
    expect(await france.nth(4).textContent()).toBe('1'); // rank after fusion
    expect(Number(await france.nth(5).textContent())).toBeGreaterThan(0);
    expect(await explain.locator('tbody tr').first().locator('th').textContent()).toBe('docs/france.md');
    const timings = await page.getByRole('table', { name: 'Per-component timings' }).locator('tbody th').allTextContents();
    expect(timings).toEqual(expect.arrayContaining(['text_embedder', 'embedding_retriever', 'generator']));

    const diagram = page.locator('#pipeline-diagram svg');
    await diagram.waitFor();
    const components = await diagram.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-component')));
    expect(components).toEqual(expect.arrayContaining(['text_embedder', 'embedding_retriever', 'joiner', 'generator']));
    expect(await diagram.locator('path.edge').count()).toBeGreaterThan(0);
    expect(await page.locator('#pipeline-mermaid').textContent()).toMatch(/^graph TD/);

    // Filters narrow the sources (key=value → meta.key == value).
    await search(page, 'capital', 'file_path=docs/germany.md');
    expect(await page.locator('#sources li').allTextContents()).toEqual([expect.stringContaining('docs/germany.md')]);

    // The rollout panel has had its first live figures by now.
    await expect.poll(() => page.locator('#stage').getAttribute('data-stage'), { timeout: WAIT_MS }).toBe('0');
    await page.screenshot({ path: new URL('dashboard-1280.png', SCREENSHOTS).pathname, fullPage: true });
    await page.close();
  });

  it('a flag change reaches the rollout panel live (SSE), well before the 60 s interval', async () => {
    // Migration events as the hybrid and failover stores emit them (this PGlite-only service opens
    // neither): they reach the panel through the same LiveFigures the stores feed.
    const events: MigrationEvent[] = [
      { type: 'shadow:result', comparison: shadowComparison(1, false, 'capital of France') },
      { type: 'shadow:result', comparison: shadowComparison(0.8, false, 'capital of Spain') },
      { type: 'shadow:result', comparison: shadowComparison(0.2, true, 'river through Madrid') },
      { type: 'dual-write:failure', role: 'legacy', operation: 'writeDocuments', error: new Error('x'), outboxed: true },
      { type: 'circuit:state', breaker: 'primary', from: 'closed', to: 'open', reason: '3 consecutive failures' },
    ];
    for (const event of events) service.runtime.figures.record(event);
    // A migration job reporting its progress into this service's metrics.
    service.runtime.metrics.setMigrationProgress({ total: 200, migrated: 50, verified: 40 });

    const page = await openPage(1280);
    await expect.poll(() => page.locator('#shadow-summary').textContent(), { timeout: WAIT_MS }).toMatch(/^3 compared/);
    expect(await page.locator('#low-events li').allTextContents()).toEqual([expect.stringContaining('"river through Madrid"')]);
    expect(await page.locator('#histogram .bar').count()).toBe(10);
    expect(await page.locator('#dual-write-failures').textContent()).toBe('1');
    expect(await page.locator('#circuits').textContent()).toContain('primary: open');
    expect(await page.locator('#migration').textContent()).toBe('50 / 200 migrated (25 %) · 40 verified');
    expect(await page.locator('#migration-progress').getAttribute('value')).toBe('0.25');
    await expect.poll(() => page.locator('#stage').getAttribute('data-stage'), { timeout: WAIT_MS }).toBe('0');
    expect(await page.locator('[data-flag="pgvectorReadPercentage"] dd').textContent()).toBe('0');
    expect((await putFlags({ pgvectorReadPercentage: 25 })).status).toBe(200);
    await expect
      .poll(() => page.locator('[data-flag="pgvectorReadPercentage"] dd').textContent(), { timeout: LIVE_MS })
      .toBe('25');
    expect(await page.locator('#read-percentage').textContent()).toBe('25 %');
    expect((await putFlags({ pgvectorReadPercentage: 0 })).status).toBe(200);
    await expect.poll(() => page.locator('#read-percentage').textContent(), { timeout: LIVE_MS }).toBe('0 %');
    await page.close();
  });

  it('advance and roll back with the admin token and a confirmation', async () => {
    const page = await openPage(390);
    await expect.poll(() => page.locator('#stage').getAttribute('data-stage'), { timeout: WAIT_MS }).toBe('0');
    await search(page, 'What is the capital of Spain?');
    expect(await page.locator('#sources li').first().textContent()).toContain('docs/spain.md');
    const advance = page.getByRole('button', { name: 'Advance stage' });

    // No token: nothing is sent, the token field is asked for.
    await advance.click();
    expect(await page.locator('#admin-status').textContent()).toMatch(/admin token/);

    // A wrong token is refused by the service.
    await page.getByLabel(/^Admin token/).fill('not-the-token');
    page.once('dialog', (dialog) => dialog.accept());
    await advance.click();
    await page.locator('#admin-status.error').waitFor();
    expect(await page.locator('#admin-status').textContent()).not.toMatch(/Now at stage/);

    // Declining the confirmation changes nothing.
    await page.getByLabel(/^Admin token/).fill(TOKEN);
    page.once('dialog', (dialog) => dialog.dismiss());
    await advance.click();
    await expect.poll(() => page.locator('#admin-status').textContent(), { timeout: WAIT_MS }).toBe('Cancelled.');

    page.once('dialog', (dialog) => {
      expect(dialog.type()).toBe('confirm');
      return dialog.accept();
    });
    await advance.click();
    await expect.poll(() => page.locator('#admin-status').textContent(), { timeout: WAIT_MS }).toBe('Now at stage 1.');
    await expect.poll(() => page.locator('#stage').getAttribute('data-stage'), { timeout: LIVE_MS }).toBe('1');
    expect(await page.locator('[data-flag="enableDualWrite"] dd').textContent()).toBe('true');
    expect(await page.evaluate("sessionStorage.getItem('synapse.adminToken')")).toBe(TOKEN);
    await page.screenshot({ path: new URL('dashboard-390.png', SCREENSHOTS).pathname, fullPage: true });

    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => page.locator('#admin-status').textContent(), { timeout: WAIT_MS }).toBe('Now at stage 0.');
    await expect.poll(() => page.locator('#stage').getAttribute('data-stage'), { timeout: LIVE_MS }).toBe('0');
    // The layout fits the phone width: nothing scrolls sideways.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('logged no console errors and no page errors', () => {
    // The one expected error: Chromium logs the wrong-token request's 403 as a failed resource.
    const refused = /status of 403 \(Forbidden\)/;
    expect(problems.filter((p) => refused.test(p))).toHaveLength(1);
    expect(problems.filter((p) => !refused.test(p))).toEqual([]);
  });
});
