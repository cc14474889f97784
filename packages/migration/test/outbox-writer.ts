// Child process for the kill -9 test: appends outbox entries forever, printing each seq once
// append() resolved (i.e. after fsync). The parent SIGKILLs it mid-stream.
import { FileOutbox } from '../src/file-outbox.js';

const outbox = await FileOutbox.open(process.argv[2]!);
for (let i = 0; ; i++) {
  const seq = await outbox.append({
    op: 'write',
    policy: 'overwrite',
    documents: [{ id: `doc-${i}`, content: `content ${i} `.repeat(50), meta: { i }, embedding: [i, 0.5, -1] }],
  });
  process.stdout.write(`${seq}\n`);
}
