/**
 * Runs the answerable and unanswerable questions of answerer-questions.ts through an answering
 * function (the quickstart pipeline) and scores the replies.
 */
import type { ExtractiveCitation } from '@synapse-rag/core';
import { ANSWERABLE_QUESTIONS, type AnswerableQuestion, UNANSWERABLE_QUESTIONS } from './answerer-questions.js';

/** What the answering function returns for one question. */
export interface AnswerOutcome {
  reply: string;
  citations: readonly ExtractiveCitation[];
}

/** One question's outcome. */
export interface QuestionResult {
  question: string;
  answerable: boolean;
  /** The answerer quoted something (did not abstain). */
  answered: boolean;
  /** Answerable: answered and the reply quotes the expected phrase. Unanswerable: abstained. */
  correct: boolean;
  /** Passages quoted (0 when abstaining). */
  passages: number;
  reply: string;
}

/** Scores over the whole question set. */
export interface AnswererScores {
  results: QuestionResult[];
  answerable: number;
  unanswerable: number;
  /** Share of answered questions whose answer is right (an answered unanswerable question is wrong). */
  precision: number;
  /** Share of answerable questions answered right. */
  recall: number;
  /** Share of unanswerable questions where the answerer abstained. */
  abstention: number;
  /** Right answers that quote more than one passage. */
  multiPassage: number;
}

/** A set of questions to score. */
export interface QuestionSet {
  answerable: readonly AnswerableQuestion[];
  unanswerable: readonly string[];
}

/** Asks every question of the set (default: the tuning set), one at a time, and scores the replies. */
export async function evaluateAnswerer(
  ask: (question: string) => Promise<AnswerOutcome>,
  set: QuestionSet = { answerable: ANSWERABLE_QUESTIONS, unanswerable: UNANSWERABLE_QUESTIONS },
): Promise<AnswererScores> {
  const results: QuestionResult[] = [];
  for (const { question, expect } of set.answerable) {
    const { reply, citations } = await ask(question);
    const answered = citations.length > 0;
    const correct = answered && reply.toLowerCase().includes(expect.toLowerCase());
    results.push({ question, answerable: true, answered, correct, passages: citations.length, reply });
  }
  for (const question of set.unanswerable) {
    const { reply, citations } = await ask(question);
    const answered = citations.length > 0;
    results.push({ question, answerable: false, answered, correct: !answered, passages: citations.length, reply });
  }
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const answered = results.filter((r) => r.answered);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    results,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    precision: share(answered.filter((r) => r.answerable && r.correct).length, answered.length),
    recall: share(answerable.filter((r) => r.correct).length, answerable.length),
    abstention: share(unanswerable.filter((r) => r.correct).length, unanswerable.length),
    multiPassage: answerable.filter((r) => r.correct && r.passages > 1).length,
  };
}
