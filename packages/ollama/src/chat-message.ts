import { z } from 'zod';

/** One chat turn. */
export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string(),
  })
  .strict();

export type ChatMessage = z.output<typeof ChatMessageSchema>;
