import { z } from 'zod';
import { DocumentSchema, MetaSchema } from '../document.js';
import { FilterSchema } from '../filters/filter-types.js';

/**
 * Socket schemas shared by every package, so that sockets of different packages carry the
 * same declared type and connect without friction. Use these instead of ad-hoc schemas.
 */
export const SocketSchemas = {
  /** `Document[]` */
  documents: z.array(DocumentSchema),
  /** `number[]` — one embedding vector. */
  embedding: z.array(z.number()),
  /** `string` */
  text: z.string(),
  /** `string[]` */
  texts: z.array(z.string()),
  /** `Filter` (validated by the receiver with `validateFilter`). */
  filters: FilterSchema,
  /** `number` — a positive integer count such as topK. */
  topK: z.number().int().positive(),
  /** `Meta[]` — per-reply metadata of generators. */
  metaList: z.array(MetaSchema),
  /** `Meta` */
  meta: MetaSchema,
} as const;
