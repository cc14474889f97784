import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerArgument } from './integer-argument.js';
import { buildProgram } from './program.js';

describe('integerArgument', () => {
  const port = integerArgument(0, 65_535, 'a port from 0 to 65535');

  it('takes whole numbers from min to max, both included', () => {
    expect([port('0'), port('8101'), port('65535')]).toEqual([0, 8101, 65_535]);
  });

  it.each(['-1', '65536', '80.5', 'http', '', ' '])('rejects %j naming what it expected', (value) => {
    expect(() => port(value)).toThrow(InvalidArgumentError);
    expect(() => port(value)).toThrow('expected a port from 0 to 65535.');
  });
});

describe('the integer options of synapse', () => {
  /** Parses `args` in-process; the usage error commander would print and exit with. */
  function usageError(args: string[]): string {
    const program = buildProgram();
    const written: string[] = [];
    const write = (s: string) => {
      written.push(s);
    };
    for (const cmd of [program, ...program.commands]) cmd.exitOverride().configureOutput({ writeErr: write, outputError: write });
    expect(() => program.parse(args, { from: 'user' })).toThrow();
    return written.join('').split('\n')[0] ?? '';
  }

  it.each([
    [['ask', 'why?', '--top-k', '101'], "option '--top-k <n>' argument '101' is invalid. expected an integer from 1 to 100."],
    [['serve', '--port', '-1'], "option '--port <n>' argument '-1' is invalid. expected a port from 0 to 65535."],
    [['migrate', '--batch-size', '0'], "option '--batch-size <n>' argument '0' is invalid. expected a positive integer."],
    [
      ['index', 'docs', '--batch-size', 'abc'],
      "option '--batch-size <n>' argument 'abc' is invalid. expected a positive integer.",
    ],
    [['serve', '--port', ''], "option '--port <n>' argument '' is invalid. expected a port from 0 to 65535."],
    [['reconcile', '--dimension', '1.5'], "option '--dimension <n>' argument '1.5' is invalid. expected a positive integer."],
  ])('synapse %j: a usage error naming the option and the expected range', (args, message) => {
    expect(usageError(args)).toBe(`error: ${message}`);
  });
});
