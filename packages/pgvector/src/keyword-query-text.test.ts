import { describe, expect, it } from 'vitest';
import { keywordQueryText } from './keyword-query-text.js';

describe('keywordQueryText', () => {
  it('passes web search syntax through for "all"', () => {
    expect(keywordQueryText('"hot standby" -replica or wal', 'all')).toBe('"hot standby" -replica or wal');
  });

  it('OR-s the plain words for "any", dropping syntax and the word "or"', () => {
    expect(keywordQueryText('How do I build an index, without blocking writes?', 'any')).toBe(
      'How or do or I or build or an or index or without or blocking or writes',
    );
    expect(keywordQueryText('"hot standby" -replica OR wal\'s', 'any')).toBe("hot or standby or replica or wal's");
    expect(keywordQueryText('  ?! ', 'any')).toBe('');
  });
});
