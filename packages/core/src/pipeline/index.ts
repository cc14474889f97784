export { describeType, isTypeCompatible, nameType, typeName } from '../component/describe-type.js';
export { formatTraceEvent, LoggingTracer, type LoggingTracerOptions } from '../tracing/logging-tracer.js';
export { RecordingTracer } from '../tracing/recording-tracer.js';
export { describePipeline, type InspectablePipeline } from './inspect.js';
export { outputOf } from './output-of.js';
export { Pipeline, type PipelineLoadOptions } from './pipeline.js';
export {
  type PipelineDumpOptions,
  type PipelineJSON,
  PipelineJSONSchema,
  type SerializedStore,
} from './serialization.js';
export type { StoreReference } from './store-references.js';
export type * from './types.js';
