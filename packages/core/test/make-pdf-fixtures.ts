/**
 * Writes the PDF fixtures committed under src/converters/fixtures/ (run once, from the repo root:
 * `npx tsx packages/core/test/make-pdf-fixtures.ts`); tests read the committed files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalPdf } from './minimal-pdf.js';

const dir = join(import.meta.dirname, '..', 'src', 'converters', 'fixtures');
const pages = [
  ['Chapter one (intro)', 'Backups protect data.'],
  ['Chapter two', 'Restore with pg_restore.'],
  ['Chapter three', 'Vacuum reclaims space.'],
];

await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'ops-guide.pdf'), minimalPdf(pages, { title: 'Ops guide' }));
await writeFile(join(dir, 'encrypted.pdf'), minimalPdf(pages.slice(0, 2), { title: 'Locked', encrypted: true }));
