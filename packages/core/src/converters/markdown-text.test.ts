import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown-text.js';

describe('markdownToText', () => {
  it('removes the syntax and keeps blocks, front matter and the title', () => {
    const md = [
      '---',
      'title: Backups',
      'tags: [ops, pg]',
      '---',
      '# Taking *backups*',
      '',
      'Use **pg_dump** ([docs](https://example.org)) — see `pg_restore` & friends.',
      '',
      '- first',
      '- second ![diagram](d.png)',
      '',
      '> quoted <b>text</b>',
      '',
      '| flag | meaning |',
      '|---|---|',
      '| -Fc | custom |',
      '',
      '```sql',
      'SELECT 1;',
      '```',
    ].join('\n');
    expect(markdownToText(md)).toEqual({
      frontMatter: { title: 'Backups', tags: ['ops', 'pg'] },
      title: 'Backups',
      text: [
        'Taking backups',
        'Use pg_dump (docs) — see pg_restore & friends.',
        '- first',
        '- second diagram',
        'quoted text',
        'flag | meaning',
        '-Fc | custom',
        'SELECT 1;',
      ].join('\n\n'),
    });
  });

  it('takes the first heading as the title without front matter; rejects front matter that is not a mapping', () => {
    expect(markdownToText('intro\n\n## Setup\n\ntext').title).toBe('Setup');
    expect(() => markdownToText('---\n- a\n- b\n---\nbody')).toThrow('front matter must be a YAML mapping');
  });
});
