/** Process exit codes of every `synapse` command. */
export const EXIT = {
  /** Everything done, nothing to report. */
  ok: 0,
  /** An error stopped the command (connection, I/O, bad data outside a row). */
  error: 1,
  /** Bad arguments. */
  usage: 2,
  /** Finished, with rejects or differences (see the report). */
  findings: 3,
} as const;
