import { describe, inject, it } from 'vitest';
import { retrievalSuite } from './retrieval-suite.js';

const pgUrl = inject('pgUrl');
if (pgUrl) {
  retrievalSuite('PostgreSQL (connectionString)', async () => ({ connectionString: pgUrl }), { roundTrip: true, fast: true });
  // the non-default full-text layout (GIN on the expression): keyword ranking, hybrid == joiner, etc.
  retrievalSuite('PostgreSQL (connectionString)', async () => ({ connectionString: pgUrl }), {
    roundTrip: true,
    fast: true,
    storedTsvector: false,
  });
} else {
  describe.skip('retrieval on PostgreSQL — no server (scripts/install-postgres.sh or DATABASE_URL)', () => {
    it('needs a server', () => {});
  });
}
