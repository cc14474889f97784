import { describe, expect, it } from 'vitest';
import { stemEnglish } from './english-stemmer.js';

describe('stemEnglish', () => {
  const same = (...words: string[]) => {
    const stems = new Set(words.map(stemEnglish));
    expect([...stems], words.join(', ')).toHaveLength(1);
  };

  it('maps inflected forms of a word to one key', () => {
    same('database', 'databases');
    same('query', 'queries');
    same('class', 'classes');
    same('discover', 'discovers', 'discovered', 'discovering');
    same('stop', 'stops', 'stopped', 'stopping');
    same('make', 'makes', 'making', 'made');
    same('begin', 'began', 'begun', 'begins', 'beginning');
    same('fall', 'falls', 'fell', 'fallen', 'falling');
    same('build', 'built', 'building', 'builds');
    same('fast', 'fastest');
    same('large', 'largest');
    same('big', 'biggest');
    same('travel', 'travels');
    same('boil', 'boils', 'boiling');
  });

  it('leaves words whose ending is not a suffix alone', () => {
    for (const word of ['status', 'analysis', 'virus', 'speed', 'red', 'bed', 'king', 'string', 'forest', 'honest', 'gas']) {
      expect(stemEnglish(word), word).toBe(word);
    }
    // Different words keep different keys.
    expect(stemEnglish('forest')).not.toBe(stemEnglish('for'));
    expect(stemEnglish('water')).toBe('water'); // -er is not cut
    expect(stemEnglish('left')).toBe('left');
    expect(stemEnglish('found')).toBe(stemEnglish('find'));
    expect(stemEnglish('founded')).not.toBe(stemEnglish('find'));
  });
});
