import { errorReason } from '@synapse-rag/core';
import { StoreTimeoutError, withTimeout } from '@synapse-rag/migration';
import { maskSecret } from '../config/mask-secret.js';
import type { ServiceRuntime } from './service-runtime.js';

/** One store as `/health` reports it. */
export interface StoreHealth {
  name: 'pgvector' | 'chroma';
  /** Where it is: the masked server URL, or the PGlite directory. */
  location: string;
  /** A failure of a required store makes `/health` answer 503. */
  required: boolean;
  ok: boolean;
  /** Round trip of the check (a count on the index ledger), ms. */
  latencyMs: number;
  error?: string;
}

/**
 * Checks every configured store with one cheap real call (counting the index ledger's records),
 * each bounded by `timeoutMs`, concurrently. Never throws: a failure is reported with its reason.
 */
export async function checkStores(runtime: ServiceRuntime, timeoutMs: number): Promise<StoreHealth[]> {
  const { settings } = runtime;
  return Promise.all(
    runtime.storeKinds().map(async (name): Promise<StoreHealth> => {
      const location =
        name === 'chroma'
          ? `${maskSecret(settings.chroma?.url ?? '')} (collection ${settings.chroma?.collection})`
          : settings.pgvector.databaseUrl !== undefined
            ? maskSecret(settings.pgvector.databaseUrl)
            : `PGlite in ${settings.pgvector.pgliteDir}`;
      const started = performance.now();
      try {
        const ledger = runtime.stores.ledger(name);
        await withTimeout(
          () => ledger.countDocuments(),
          timeoutMs,
          () => new StoreTimeoutError(name, 'countDocuments', timeoutMs),
        );
        return { name, location, required: true, ok: true, latencyMs: performance.now() - started };
      } catch (error) {
        return {
          name,
          location,
          required: true,
          ok: false,
          latencyMs: performance.now() - started,
          error: errorReason(error),
        };
      }
    }),
  );
}
