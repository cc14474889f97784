/** Bad arguments discovered after parsing (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs an options parser; its error (bad option values) becomes a {@link UsageError}. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
