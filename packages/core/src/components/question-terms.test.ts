import { describe, expect, it } from 'vitest';
import { analyzeQuestion, mentionsNumber } from './question-terms.js';

const words = (question: string) => analyzeQuestion(question).terms.map((t) => t.word);

describe('analyzeQuestion', () => {
  it('keeps the content words of a question', () => {
    expect(words('What is the capital of Japan?')).toEqual(['capital', 'Japan']);
    expect(words('Who discovered penicillin?')).toEqual(['discovered', 'penicillin']);
    expect(words('What do plants use for photosynthesis?')).toEqual(['plants', 'use', 'photosynthesis']);
  });

  it('drops the measure of "how …" and the time of "what year", and expects a number then', () => {
    expect(analyzeQuestion('How many players are on a football team?')).toMatchObject({ expectsNumber: true });
    expect(words('How many players are on a football team?')).toEqual(['players', 'football', 'team']);
    expect(words('How fast does light travel?')).toEqual(['light', 'travel']);
    expect(words('In what year was penicillin discovered?')).toEqual(['penicillin', 'discovered']);
    expect(analyzeQuestion('When was Rome founded?').expectsNumber).toBe(true);
    expect(analyzeQuestion('Who discovered penicillin?').expectsNumber).toBe(false);
    expect(analyzeQuestion('How does photosynthesis work?').expectsNumber).toBe(false);
    expect(words('How does photosynthesis work?')).toEqual(['photosynthesis']);
    expect(words('What work did Fleming do?')).toEqual(['work', 'Fleming']);
  });

  it('marks the kind-of-answer noun optional and names as names', () => {
    const { terms } = analyzeQuestion('Which country is the largest coffee producer in Europe?');
    expect(terms.map((t) => [t.word, t.optional, t.name])).toEqual([
      ['country', true, false],
      ['largest', false, false],
      ['coffee', false, false],
      ['producer', false, false],
      ['Europe', false, true],
    ]);
    expect(analyzeQuestion('What river flows through Paris?').terms[0]).toMatchObject({ word: 'river', optional: false });
    expect(analyzeQuestion('What river is the longest in Europe?').terms[0]).toMatchObject({ word: 'river', optional: true });
    // Too little else to go on: the noun is required.
    expect(analyzeQuestion('Which ocean is the largest?').terms[0]).toMatchObject({ word: 'ocean', optional: false });
    expect(analyzeQuestion('What causes the tides?').terms[0]).toMatchObject({ word: 'causes', optional: false });
    expect(analyzeQuestion('DNA carries what?').terms[0]).toMatchObject({ word: 'DNA', name: true });
    expect(analyzeQuestion('Penicillin was discovered by whom?').terms[0]).toMatchObject({ name: false });
  });

  it('falls back to every word but the question words when only stop words remain', () => {
    expect(words('Who are they?')).toEqual(['are', 'they']);
    expect(words('  ')).toEqual([]);
    expect(words('Who?')).toEqual([]);
  });
});

describe('mentionsNumber', () => {
  it('finds digits and number words', () => {
    expect(mentionsNumber('It was founded in 753 BC.')).toBe(true);
    expect(mentionsNumber('Two teams of eleven players.')).toBe(true);
    expect(mentionsNumber('Madrid is the capital of Spain.')).toBe(false);
    expect(mentionsNumber('Someone was there.')).toBe(false);
  });
});
