import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../../core/test/minimal-pdf.js';
import { runCli } from '../test/run-cli.js';

// `synapse index` and `synapse ask` spawned as processes on the embedded PGlite, offline.
const OFFLINE = { OLLAMA_HOST: 'http://127.0.0.1:9', DATABASE_URL: '', CHROMA_URL: '' };

interface IndexSummary {
  files: number;
  indexed: number;
  unchanged: number;
  chunks: number;
  replacedChunks: number;
  failed: Array<{ path: string; error: string }>;
}
interface AskJson {
  answer: string;
  sources: Array<{ n: number; path: string | null; meta: Record<string, unknown> }>;
  documents: Array<{ n: number; path: string | null; meta: Record<string, unknown> }>;
}

describe('synapse index / ask (process, PGlite)', () => {
  let dir: string;
  let docs: string;
  let store: string[];
  /** Writes a file into the indexed folder. */
  const put = (name: string, content: string | Uint8Array) => writeFile(join(docs, name), content);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synapse-index-'));
    docs = join(dir, 'docs');
    store = ['--pglite-dir', join(dir, 'store')];
    await mkdir(docs);
    await put('notes.md', '---\ntitle: Garden notes\n---\n# Tomatoes\n\nWater the **tomatoes** every morning in July.');
    await put(
      'page.html',
      '<html><head><title>Bicycle care</title></head><body><nav>Home Prev Next</nav><p>Oil the bicycle chain every two hundred kilometres.</p></body></html>',
    );
    await put('faq.txt', 'The library opens at nine on Saturdays.');
    await put(
      'trains.csv',
      'route,departure,note\nOslo to Bergen,07:25,The scenic railway crosses the Hardangervidda plateau.\nOslo to Trondheim,08:05,Change at Dombås for the Rauma line.\n',
    );
    await put(
      'bakery.jsonl',
      '{"item":"rye bread","tip":"Let the sourdough rest overnight."}\n{"item":"croissant","tip":"Fold the cold butter into the dough three times."}\n',
    );
    // Page 1 is long enough (about 250 words) that page 2's text lands in a later chunk.
    const filler = Array.from({ length: 25 }, (_, i) => `Safety note ${i + 1} says to unplug the appliance first.`);
    await put('manual.pdf', minimalPdf([['Kettle manual', ...filler], ['Descale the kettle with vinegar monthly.']]));
    await put('blob.bin', new Uint8Array([0xff, 0xfe, 0x00, 0x81]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const index = async () => {
    // A folder is walked for known extensions; a file named explicitly is taken as is.
    const res = await runCli(['index', docs, join(docs, 'blob.bin'), ...store, '--json'], OFFLINE);
    return { ...res, summary: JSON.parse(res.stdout) as IndexSummary };
  };
  const ask = async (question: string, ...extra: string[]) => {
    const res = await runCli(['ask', question, ...store, '--json', ...extra], OFFLINE);
    expect(res.code, res.stderr).toBe(0);
    return JSON.parse(res.stdout) as AskJson;
  };

  it('converts Markdown, HTML, PDF, CSV, JSON Lines and text; reports the undecodable file and exits 3', async () => {
    const { code, summary, stderr } = await index();
    expect(stderr).toMatch(/Offline mode/);
    expect(code).toBe(3);
    expect(summary).toMatchObject({ files: 7, indexed: 6, unchanged: 0 });
    expect(summary.failed.map((f) => f.path)).toEqual([expect.stringMatching(/blob\.bin$/)]);
    expect(summary.chunks).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('answers from the PDF with its page number and from the HTML page by its title', async () => {
    const kettle = await ask('How do I descale the kettle?');
    expect(kettle.answer).toMatch(/Descale the kettle with vinegar monthly/);
    expect(kettle.sources[0]?.path).toMatch(/manual\.pdf$/);
    // Page 2's sentence is at the end of the third chunk (split 2), which begins with notes 21–25 of
    // page 1: page_number is the page a chunk starts on, so the source cites page 1.
    expect(kettle.sources[0]?.meta).toMatchObject({ page_count: 2, split_id: 2, page_number: 1 });
    const bike = await ask('How often should I oil the bicycle chain?');
    expect(bike.answer).toMatch(/Oil the bicycle chain/);
    expect(bike.sources[0]?.meta).toMatchObject({ title: 'Bicycle care' });
    const tomatoes = await ask('How should I water the tomatoes?', '--filter', 'title=Garden notes');
    expect(tomatoes.documents.map((s) => s.path)).toEqual([expect.stringMatching(/notes\.md$/)]);
    expect(tomatoes.answer).toMatch(/every morning in July/);
  }, 120_000);

  it('answers from a CSV row and a JSON Lines record, each cited with its row', async () => {
    const train = await ask('Which railway crosses the Hardangervidda plateau?');
    expect(train.answer).toMatch(/Hardangervidda/);
    expect(train.sources[0]?.path).toMatch(/trains\.csv$/);
    expect(train.sources[0]?.meta).toMatchObject({ row: 0 });
    const pastry = await ask('How many times do I fold the butter into the croissant dough?');
    expect(pastry.answer).toMatch(/cold butter/);
    expect(pastry.sources[0]?.path).toMatch(/bakery\.jsonl$/);
    expect(pastry.sources[0]?.meta).toMatchObject({ row: 1 });
  }, 120_000);

  it('skips unchanged files and replaces the chunks of a changed one', async () => {
    const again = await index();
    expect(again.summary).toMatchObject({ indexed: 0, unchanged: 6, chunks: 0 });
    await put('faq.txt', 'The library opens at ten on Sundays.');
    const changed = await index();
    expect(changed.summary).toMatchObject({ indexed: 1, unchanged: 5 });
    expect(changed.summary.replacedChunks).toBeGreaterThanOrEqual(1);
    const library = await ask('When does the library open?');
    expect(library.answer).toMatch(/ten on Sundays/);
    expect(library.answer).not.toMatch(/nine on Saturdays/);
  }, 120_000);

  it('ask on an empty store says to index first and exits non-zero', async () => {
    const res = await runCli(['ask', 'anything?', '--pglite-dir', join(dir, 'empty')], OFFLINE);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/nothing is indexed .* run `synapse index <paths>`/);
  }, 60_000);
});
