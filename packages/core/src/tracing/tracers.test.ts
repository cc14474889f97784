import { describe, expect, it } from 'vitest';
import { formatTraceEvent, LoggingTracer } from './logging-tracer.js';
import { RecordingTracer } from './recording-tracer.js';
import { combineTracers, emitTraceEvent, type TraceEvent } from './tracer.js';

const events: TraceEvent[] = [
  { type: 'pipeline:start', runId: 'abcdef0123', time: 1, inputs: { a: { q: 'secret' } } },
  {
    type: 'component:start',
    runId: 'abcdef0123',
    time: 2,
    component: 'a',
    componentType: 't.A',
    visit: 1,
    inputs: { q: 'secret' },
  },
  {
    type: 'component:end',
    runId: 'abcdef0123',
    time: 3,
    component: 'a',
    componentType: 't.A',
    visit: 1,
    durationMs: 1.234,
    outputs: { docs: [] },
  },
  {
    type: 'component:error',
    runId: 'abcdef0123',
    time: 4,
    component: 'b',
    componentType: 't.B',
    visit: 2,
    durationMs: 12.5,
    error: new TypeError('bad'),
  },
  { type: 'pipeline:end', runId: 'abcdef0123', time: 5, durationMs: 20, error: new Error('x') },
];

describe('LoggingTracer', () => {
  it('writes one line per event without values', () => {
    const lines: string[] = [];
    const tracer = new LoggingTracer((l) => lines.push(l));
    for (const e of events) tracer.onEvent(e);
    expect(lines).toEqual([
      '[synapse] run abcdef01 start (inputs for: a)',
      '[synapse] run abcdef01 a (t.A) #1 start',
      '[synapse] run abcdef01 a (t.A) #1 done in 1.23 ms → docs',
      '[synapse] run abcdef01 b (t.B) #2 FAILED in 12.5 ms: TypeError: bad',
      '[synapse] run abcdef01 FAILED (Error: x) in 20.0 ms',
    ]);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('can skip start lines and change the prefix', () => {
    const lines: string[] = [];
    const tracer = new LoggingTracer((l) => lines.push(l), { logStarts: false, prefix: '>' });
    for (const e of events) tracer.onEvent(e);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`> ${formatTraceEvent(events[2]!)}`);
  });
});

describe('RecordingTracer', () => {
  it('records, filters and summarizes', () => {
    const t = new RecordingTracer();
    for (const e of events) t.onEvent(e);
    expect(t.ofType('component:end')).toHaveLength(1);
    expect(t.componentOrder()).toEqual(['a']);
    expect(t.timeline()[3]).toBe('component:error:b');
    t.clear();
    expect(t.events).toEqual([]);
  });
});

describe('emitTraceEvent / combineTracers', () => {
  it('isolates failing tracers', () => {
    const errors: unknown[] = [];
    const bad = {
      onEvent() {
        throw new Error('x');
      },
    };
    emitTraceEvent(bad, events[0]!, (e) => errors.push(e));
    emitTraceEvent(bad, events[0]!, () => {
      throw new Error('reporter broken too');
    });
    expect(errors).toHaveLength(1);
    const rec = new RecordingTracer();
    combineTracers(bad, rec).onEvent(events[1]!);
    expect(rec.events).toEqual([events[1]]);
  });
});
