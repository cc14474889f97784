import { describe, expect, it } from 'vitest';
import { check, concat, increment, label, router, testRegistry, upper } from '../../test/pipeline-components.js';
import { Registry } from '../component/registry.js';
import { SerializationError } from '../errors.js';
import { Pipeline } from './pipeline.js';

function build(): Pipeline {
  return new Pipeline({ metadata: { owner: 'search-team', version: 3 }, maxRunsPerComponent: 20 })
    .addComponent('route', router({ threshold: 10 }))
    .addComponent('small', label({ name: 'small' }))
    .addComponent('big', label({ name: 'big' }))
    .addComponent('shout', upper({ suffix: '!' }))
    .addComponent('join', concat({ separator: ' & ' }))
    .addComponent('inc', increment({ step: 2 }))
    .addComponent('check', check({ limit: 6 }))
    .connect('route.low', 'small')
    .connect('route.high', 'big')
    .connect('small', 'shout')
    .connect('shout', 'join')
    .connect('big', 'join')
    .connect('inc.value', 'check.value')
    .connect('check.again', 'inc.values');
}

function catchSerialization(fn: () => unknown): SerializationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SerializationError);
    return error as SerializationError;
  }
  throw new Error('expected a SerializationError');
}

describe('Pipeline serialisation', () => {
  const registry = testRegistry();

  it('toJSON lists components and fully qualified connections', () => {
    const json = build().toJSON();
    expect(json.metadata).toEqual({ owner: 'search-team', version: 3 });
    expect(json.maxRunsPerComponent).toBe(20);
    expect(json.components['join']).toEqual({ type: 'test.Concat', options: { separator: ' & ' } });
    expect(json.connections[0]).toEqual({ sender: 'route.low', receiver: 'small.value' });
    expect(json.connections).toHaveLength(7);
  });

  it('round-trips through JSON and YAML with equal toJSON and equal results', async () => {
    const original = build();
    const fromJson = Pipeline.fromJSON(JSON.parse(JSON.stringify(original.toJSON())), { registry });
    const fromYaml = Pipeline.loads(original.dumps(), { registry });
    expect(fromJson.toJSON()).toEqual(original.toJSON());
    expect(fromYaml.toJSON()).toEqual(original.toJSON());
    expect(fromYaml.dumps()).toBe(original.dumps());
    for (const value of [3, 42]) {
      const inputs = { route: { value }, inc: { values: 0 } };
      const expected = await original.run(inputs);
      expect(expected['check']).toEqual({ done: 6 });
      expect(await fromJson.run(inputs)).toEqual(expected);
      expect(await fromYaml.run(inputs)).toEqual(expected);
    }
  });

  it('YAML is readable', () => {
    const yaml = build().dumps();
    expect(yaml).toContain('maxRunsPerComponent: 20');
    expect(yaml).toContain('  join:\n    type: test.Concat\n    options:\n      separator: " & "');
    expect(yaml).toContain('- sender: route.low\n    receiver: small.value');
  });

  it('fills in optional top-level fields', () => {
    const p = Pipeline.fromJSON({ components: { a: { type: 'test.Upper' } } }, { registry });
    expect(p.toJSON()).toEqual({
      metadata: {},
      maxRunsPerComponent: 100,
      components: { a: { type: 'test.Upper', options: {} } },
      connections: [],
    });
  });

  it('reports malformed definitions with a path', () => {
    const missing = catchSerialization(() => Pipeline.fromJSON({ connections: [] }, { registry }));
    expect(missing.message).toContain('components: ');
    expect(missing.details['path']).toBe('components');
    const badType = catchSerialization(() => Pipeline.fromJSON({ components: { a: { type: 7 } } }, { registry }));
    expect(badType.details['path']).toBe('components.a.type');
    const badConn = catchSerialization(() =>
      Pipeline.fromJSON({ components: {}, connections: [{ sender: 'a.x' }] }, { registry }),
    );
    expect(badConn.details['path']).toBe('connections[0].receiver');
    const extra = catchSerialization(() => Pipeline.fromJSON({ components: {}, conections: [] }, { registry }));
    expect(extra.message).toContain('conections');
    expect(catchSerialization(() => Pipeline.fromJSON('nope', { registry })).message).toContain('Invalid pipeline definition');
  });

  it('reports unknown types, bad options and bad connections at their path', () => {
    const unknown = catchSerialization(() => Pipeline.fromJSON({ components: { a: { type: 'test.Nope' } } }, { registry }));
    expect(unknown.message).toContain('at components.a: Unknown component type "test.Nope"');
    expect(unknown.message).toContain('test.Concat');
    const strict = new Registry().registerComponent('test.Strict', () => {
      throw new Error('limit must be positive');
    });
    const badOptions = catchSerialization(() =>
      Pipeline.fromJSON({ components: { s: { type: 'test.Strict' } } }, { registry: strict }),
    );
    expect(badOptions.message).toContain('at components.s: limit must be positive');
    expect((badOptions.cause as Error).message).toBe('limit must be positive');
    const badWire = catchSerialization(() =>
      Pipeline.fromJSON(
        {
          components: { a: { type: 'test.Upper' }, b: { type: 'test.Router', options: { threshold: 1 } } },
          connections: [{ sender: 'a.text', receiver: 'b.value' }],
        },
        { registry },
      ),
    );
    expect(badWire.details['path']).toBe('connections[0]');
    expect(badWire.message).toContain('a.text (string) to b.value (number): the types are incompatible');
    const dotted = catchSerialization(() => Pipeline.fromJSON({ components: { 'a.b': { type: 'test.Upper' } } }, { registry }));
    expect(dotted.message).toContain('must not contain dots');
  });

  it('reports malformed YAML', () => {
    const error = catchSerialization(() => Pipeline.loads('components: [unclosed', { registry }));
    expect(error.message).toMatch(/^Invalid pipeline YAML/);
  });
});
