/**
 * @synapse-rag/core — documents, the store protocol and filter language, the pipeline engine,
 * core components and the in-memory reference store.
 */

export * from './chat/chat-message.js';
export * from './chat/with-system-prompt.js';
export * from './component/base-component.js';
export * from './component/component.js';
export * from './component/define-component.js';
export * from './component/registry.js';
export * from './component/socket.js';
export * from './component/socket-schemas.js';
export * from './components/index.js';
export * from './converters/index.js';
export * from './document.js';
export * from './document-text.js';
export * from './error-reason.js';
export * from './errors.js';
export * from './filters/evaluate-filter.js';
export * from './filters/filter-policy.js';
export * from './filters/filter-types.js';
export * from './filters/iso-date.js';
export * from './filters/validate-filter.js';
export * from './lone-surrogate.js';
export * from './options.js';
export * from './pipeline/index.js';
export * from './random/fnv1a.js';
export * from './random/seeded-random.js';
export * from './retrievers/index.js';
export * from './store/document-store.js';
export * from './store/index.js';
export * from './tracing/tracer.js';
