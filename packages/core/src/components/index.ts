export * from './copy-document.js';
export * from './document-joiner.js';
export * from './document-limiter.js';
export * from './document-score-filter.js';
export * from './document-writer.js';
export * from './extractive-answer-generator.js';
export * from './prompt-builder.js';
export { DEFAULT_RRF_K, type ReciprocalRankFusionOptions, reciprocalRankFusion } from './reciprocal-rank-fusion.js';
export * from './token-counter.js';
