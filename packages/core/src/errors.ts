/**
 * Typed errors shared by every Synapse package. Each has a stable `code` so callers can
 * branch on it without matching message text, and a message that says what was wrong and
 * what to do about it.
 */

import { errorReason } from './error-reason.js';

/** Base class of every error thrown by Synapse on purpose. */
export class SynapseError extends Error {
  /** Stable machine-readable code, e.g. `FILTER_INVALID`. */
  readonly code: string;
  /** Structured details (ids, paths, sockets...) for programmatic handling. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A filter is malformed, or a store cannot express it. `path` points at the offending node. */
export class FilterError extends SynapseError {
  readonly path: string;
  constructor(message: string, options: { path?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    const path = options.path ?? '$';
    super('FILTER_INVALID', `Invalid filter at ${path}: ${message}`, {
      cause: options.cause,
      details: { ...options.details, path },
    });
    this.path = path;
  }
}

/** Writing with `policy: "fail"` met ids that already exist (or repeat inside the batch). */
export class DuplicateDocumentError extends SynapseError {
  readonly ids: readonly string[];
  constructor(ids: readonly string[], where = 'the store') {
    const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, … (${ids.length} in all)` : '');
    super(
      'DUPLICATE_DOCUMENT',
      `${ids.length} document id(s) already exist in ${where}: ${shown}. Nothing was written. Use policy "skip" or "overwrite" to write anyway.`,
      { details: { ids } },
    );
    this.ids = ids;
  }
}

/** Options passed to a component or store constructor failed validation. */
export class InvalidOptionsError extends SynapseError {
  constructor(owner: string, issues: string, cause?: unknown) {
    super('INVALID_OPTIONS', `Invalid options for ${owner}: ${issues}`, { cause, details: { owner } });
  }
}

/** A document handed to a store or component is malformed (bad embedding, wrong dimension, ...). */
export class InvalidDocumentError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_DOCUMENT', message, { details });
  }
}

/** `Pipeline.connect` or `addComponent` was called with something that cannot be wired. */
export class PipelineConnectError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('PIPELINE_CONNECT', message, { details });
  }
}

/** Pipeline inputs (or the graph) are invalid; raised before any component runs. */
export class PipelineValidationError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('PIPELINE_VALIDATION', message, { details });
  }
}

/** A pipeline run result lacks an expected output, or holds a value of the wrong type (see `outputOf`). */
export class PipelineOutputError extends SynapseError {
  readonly component: string;
  readonly socket: string;
  constructor(component: string, socket: string, message: string, cause?: unknown) {
    super('PIPELINE_OUTPUT', message, { cause, details: { component, socket } });
    this.component = component;
    this.socket = socket;
  }
}

/** A component ran more often than `maxRunsPerComponent` allows (runaway loop). */
export class PipelineMaxRunsError extends SynapseError {
  constructor(component: string, max: number) {
    super(
      'PIPELINE_MAX_RUNS',
      `Component "${component}" reached maxRunsPerComponent (${max}). The loop it is in does not terminate; raise the limit or fix the loop's exit condition.`,
      { details: { component, max } },
    );
  }
}

/**
 * No component of the pipeline can start: every one lacks a mandatory input or a trigger
 * (Haystack's `PipelineComponentsBlockedError`). Raised before anything runs; `components`
 * names those that wait for inputs that never arrive.
 */
export class PipelineComponentsBlockedError extends SynapseError {
  readonly components: string[];
  constructor(components: readonly string[]) {
    super(
      'PIPELINE_BLOCKED',
      `Cannot run the pipeline: no component can start. Waiting for inputs that never arrive: ${components.map((c) => `"${c}"`).join(', ')}. Check the connections (a cycle needs an entry: a pipeline input or a component outside it) and pass every input that nothing feeds.`,
      { details: { components: [...components] } },
    );
    this.components = [...components];
  }
}

/** A smart connection could not convert a value (e.g. a `ChatMessage` without text to `string`). */
export class PipelineConversionError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('PIPELINE_CONVERSION', message, { details });
  }
}

/** A component threw while running inside a pipeline. `cause` holds the original error. */
export class ComponentError extends SynapseError {
  readonly component: string;
  readonly componentType: string;
  constructor(component: string, componentType: string, cause: unknown) {
    super('COMPONENT_FAILED', `Component "${component}" (${componentType}) failed: ${errorReason(cause)}`, {
      cause,
      details: { component, componentType },
    });
    this.component = component;
    this.componentType = componentType;
  }
}

/** The run was cancelled through its AbortSignal. */
export class PipelineAbortedError extends SynapseError {
  constructor(reason?: unknown) {
    super('PIPELINE_ABORTED', `Pipeline run was aborted${reason instanceof Error ? `: ${reason.message}` : ''}.`, {
      cause: reason,
    });
  }
}

/** (De)serialization failed: unknown component type, malformed JSON/YAML, ... */
export class SerializationError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('SERIALIZATION', message, { details });
  }
}

/** A model (file or server-side) is not available where it was looked for. */
export class ModelNotFoundError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('MODEL_NOT_FOUND', message, { details });
  }
}

/** A store or model server cannot be reached or answered with a server-side failure. */
export class StoreUnavailableError extends SynapseError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** A store method was called after `close()`. Create a new store (or do not close a shared one early). */
export class StoreClosedError extends SynapseError {
  readonly store: string;
  constructor(store: string, operation: string) {
    super('STORE_CLOSED', `${store} is closed; cannot ${operation}. Create a new store to use it again.`, {
      details: { store, operation },
    });
    this.store = store;
  }
}

/** A migration's verification step found differences between source and target. */
export class MigrationVerificationError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('MIGRATION_VERIFICATION', message, { details });
  }
}

/** Template rendering failed or required variables are missing. */
export class TemplateError extends SynapseError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('TEMPLATE', message, { details });
  }
}

/** An optional package a feature needs is not installed; the message names it and how to add it. */
export class MissingDependencyError extends SynapseError {
  constructor(packageName: string, feature: string, options: { cause?: unknown } = {}) {
    super('MISSING_DEPENDENCY', `${feature} needs the optional package "${packageName}": npm install ${packageName}`, {
      ...options,
      details: { packageName, feature },
    });
  }
}
