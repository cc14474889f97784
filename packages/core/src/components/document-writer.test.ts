import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../component/registry.js';
import { createDocument } from '../document.js';
import { DuplicateDocumentError, InvalidOptionsError } from '../errors.js';
import { InMemoryDocumentStore } from '../store/in-memory-document-store.js';
import { DocumentWriter } from './document-writer.js';

const docs = () => [createDocument({ id: 'a', content: 'alpha' }), createDocument({ id: 'b', content: 'beta' })];

describe('DocumentWriter', () => {
  it('writes documents and reports how many were written', async () => {
    const store = new InMemoryDocumentStore();
    const writer = new DocumentWriter({ store });
    expect(await writer.run({ documents: docs() })).toEqual({ documentsWritten: 2 });
    expect(await store.countDocuments()).toBe(2);
  });

  it('applies the duplicate policy: overwrite by default, skip counts nothing, fail throws', async () => {
    const store = new InMemoryDocumentStore();
    await new DocumentWriter({ store }).run({ documents: docs() });
    const rewritten = [createDocument({ id: 'a', content: 'alpha 2' })];
    expect((await new DocumentWriter({ store }).run({ documents: rewritten })).documentsWritten).toBe(1);
    expect((await store.filterDocuments()).find((d) => d.id === 'a')?.content).toBe('alpha 2');
    expect((await new DocumentWriter({ store, policy: 'skip' }).run({ documents: docs() })).documentsWritten).toBe(0);
    await expect(new DocumentWriter({ store, policy: 'fail' }).run({ documents: docs() })).rejects.toThrow(
      DuplicateDocumentError,
    );
  });

  it('rejects a non-store and an unknown policy', () => {
    expect(() => new DocumentWriter({ store: {} as never })).toThrow(InvalidOptionsError);
    expect(() => new DocumentWriter({ store: new InMemoryDocumentStore(), policy: 'merge' as never })).toThrow(
      InvalidOptionsError,
    );
  });

  it('round-trips through toJSON / the default registry', () => {
    const writer = new DocumentWriter({ store: new InMemoryDocumentStore(), policy: 'skip' });
    const json = writer.toJSON();
    expect(json.type).toBe('core.DocumentWriter');
    const back = defaultRegistry.createComponent(json);
    expect(back).toBeInstanceOf(DocumentWriter);
    expect(back.toJSON()).toEqual(json);
  });
});
