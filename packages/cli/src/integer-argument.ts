import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a whole number from `min` to `max`; anything else is
 * rejected with "expected <expected>." (commander prints it with the option's name).
 */
export function integerArgument(min: number, max: number, expected: string): (value: string) => number {
  return (value) => {
    // Number('') and Number(' ') are 0: a blank value is not a number.
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected ${expected}.`);
    return n;
  };
}
