export { describeType, isTypeCompatible, nameType, typeName } from '../component/describe-type.js';
export { formatTraceEvent, LoggingTracer, type LoggingTracerOptions } from '../tracing/logging-tracer.js';
export { RecordingTracer } from '../tracing/recording-tracer.js';
export { Pipeline, type PipelineLoadOptions } from './pipeline.js';
export { type PipelineJSON, PipelineJSONSchema } from './serialization.js';
export type {
  PipelineConnection,
  PipelineInputInfo,
  PipelineInputs,
  PipelineOptions,
  PipelineOutputInfo,
  PipelineResult,
  PipelineRunOptions,
} from './types.js';
