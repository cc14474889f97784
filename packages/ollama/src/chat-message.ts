// The chat message type lives in core so every generator and the pipeline share it.
export { type ChatMessage, ChatMessageSchema } from '@synapse-rag/core';
