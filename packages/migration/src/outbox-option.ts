import { z } from 'zod';
import { FileOutbox } from './file-outbox.js';

/** zod field of the `outbox` option: a {@link FileOutbox} or the path of its file. */
export const outboxOptionSchema = z.union([
  z.string().min(1),
  z.custom<FileOutbox>((v) => v instanceof FileOutbox, 'must be a FileOutbox'),
]);

/**
 * The outbox behind an `outbox` option, opened on first use when given as a path (a failed open
 * is retried on the next call). `close()` closes only an outbox this helper opened.
 */
export class OutboxOption {
  private opened: Promise<FileOutbox> | undefined;

  constructor(private readonly option: string | FileOutbox | undefined) {
    if (option instanceof FileOutbox) this.opened = Promise.resolve(option);
  }

  /** The configured path (for `toJSON`). */
  get path(): string | undefined {
    return typeof this.option === 'string' ? this.option : this.option?.path;
  }

  get(): Promise<FileOutbox | undefined> {
    if (this.option === undefined) return Promise.resolve(undefined);
    if (!this.opened) {
      this.opened = FileOutbox.open(this.option as string);
      this.opened.catch(() => {
        this.opened = undefined;
      });
    }
    return this.opened;
  }

  async close(): Promise<void> {
    if (typeof this.option === 'string' && this.opened) await (await this.opened).close();
  }
}
