import { FilterSchema, MetaSchema } from '@synapse-rag/core';
import { z } from 'zod';

const Meta = MetaSchema;

/** `POST /query`. */
export const QueryRequestSchema = z.strictObject({
  /** The question. */
  query: z.string().trim().min(1, 'must not be empty').max(10_000),
  /** Documents handed to the answerer. @default 5 */
  topK: z.number().int().min(1).max(100).optional(),
  /** Core filter language (`{ field, operator, value }` or `{ operator: 'AND', conditions }`). */
  filters: FilterSchema.optional(),
  /** Sticky read routing on the routed path (user or session id). @default a hash of the query */
  routingKey: z.string().min(1).max(256).optional(),
  /** Add each document's rank and score per stage and per-component timings. @default false */
  explain: z.boolean().optional(),
});
export type QueryRequest = z.output<typeof QueryRequestSchema>;

const DocumentInput = z.strictObject({
  content: z.string().min(1, 'must not be empty'),
  meta: Meta.optional(),
  /** Kept as given; default: the content hash (as `createDocument`). */
  id: z.string().min(1).max(512).optional(),
});

/** `POST /index`: `{ documents: [...] }` or `{ text, meta?, id? }` (exactly one of them). */
export const IndexRequestSchema = z
  .strictObject({
    documents: z.array(DocumentInput).min(1, 'must hold at least one document').max(1000).optional(),
    text: z.string().min(1, 'must not be empty').optional(),
    meta: Meta.optional(),
    id: z.string().min(1).max(512).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.documents === undefined) === (body.text === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['documents'], message: 'give either documents: [{ content, meta?, id? }] or text' });
    } else if (body.documents !== undefined && (body.meta !== undefined || body.id !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [body.meta !== undefined ? 'meta' : 'id'],
        message: 'goes with text; with documents, set it on each document',
      });
    }
  });
export type IndexRequest = z.output<typeof IndexRequestSchema>;

/** `PUT /admin/flags`: some flags, camelCase or `FF_*` names (validated with the flag schema). */
export const FlagsPatchSchema = z.record(z.string(), z.union([z.boolean(), z.number(), z.string()]));

/** `POST /admin/rollout/advance`. */
export const AdvanceRequestSchema = z.strictObject({
  /** A `synapse verify --report` file on the server. */
  verifyReport: z.string().min(1).optional(),
  /** Metrics URL or file with the shadow overlap. @default this service's own registry */
  metrics: z.string().min(1).optional(),
  minOverlap: z.number().min(0).max(1).optional(),
  minShadowSamples: z.number().int().min(0).optional(),
  note: z.string().max(500).optional(),
});

/** `POST /admin/rollout/rollback`. */
export const RollbackRequestSchema = z.strictObject({
  /** Straight to legacy-only flags from any stage. @default false */
  emergency: z.boolean().optional(),
  note: z.string().max(500).optional(),
});

/** `POST /admin/reconcile`: pgvector (source of truth) against Chroma. */
export const ReconcileRequestSchema = z.strictObject({
  /** Copy missing and different documents from pgvector to Chroma. @default false */
  repair: z.boolean().optional(),
  /** With repair: delete documents only Chroma has. @default false */
  deleteExtra: z.boolean().optional(),
});
