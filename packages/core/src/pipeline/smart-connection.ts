import type { z } from 'zod';
import { type ChatMessage, ChatMessageSchema, ChatMessages } from '../chat/chat-message.js';
import { isTypeCompatible } from '../component/describe-type.js';

/**
 * Haystack's "smart connections": conversions a connection applies when the sender's type does
 * not fit the receiver's but a lossless conversion exists. Strategies, in Haystack's priority
 * order when a union receiver admits several.
 */
export type ConversionStrategy =
  | 'wrap'
  | 'unwrap'
  | 'chatMessageToString'
  | 'stringToChatMessage'
  | 'wrapChatMessageToString'
  | 'wrapStringToChatMessage'
  | 'unwrapChatMessageToString'
  | 'unwrapStringToChatMessage';

const PRIORITY: readonly ConversionStrategy[] = [
  'wrap',
  'unwrap',
  'chatMessageToString',
  'stringToChatMessage',
  'wrapChatMessageToString',
  'wrapStringToChatMessage',
  'unwrapChatMessageToString',
  'unwrapStringToChatMessage',
];

interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): LooseDef => (schema as unknown as { _zod: { def: LooseDef } })._zod.def;

/** The schema without optional / nullable / default wrappers. */
function unwrapOptional(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (
      (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') &&
      def.innerType
    ) {
      s = def.innerType;
    } else {
      return s;
    }
  }
}

/** Alternatives of a union (null / undefined left out); a single schema otherwise. */
function alternatives(schema: z.ZodType): z.ZodType[] {
  const s = unwrapOptional(schema);
  const def = defOf(s);
  if (def.type !== 'union' || !def.options) return [s];
  return def.options.flatMap(alternatives).filter((o) => {
    const t = defOf(o).type;
    return t !== 'null' && t !== 'undefined';
  });
}

function elementOf(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(unwrapOptional(schema));
  return def.type === 'array' ? def.element : undefined;
}

/**
 * Whether an input socket's type is a list (`T[]`, optional/nullable `T[]`, or a union of list
 * types): such a socket accepts several senders (their lists are concatenated) and a pipeline
 * value next to its connections, like Haystack's auto-variadic list sockets.
 */
export function isListSocket(schema: z.ZodType): boolean {
  const alts = alternatives(schema);
  return alts.length > 0 && alts.every((a) => elementOf(a) !== undefined);
}

const isString = (schema: z.ZodType): boolean => defOf(unwrapOptional(schema)).type === 'string';
const isChatMessage = (schema: z.ZodType): boolean => {
  const s = unwrapOptional(schema);
  return s === ChatMessageSchema || (isTypeCompatible(s, ChatMessageSchema) && isTypeCompatible(ChatMessageSchema, s));
};
const contains = (schema: z.ZodType, test: (s: z.ZodType) => boolean): boolean => alternatives(schema).some(test);

function strategy(sender: z.ZodType, receiver: z.ZodType): ConversionStrategy | undefined {
  const senderAlts = alternatives(sender);
  if (senderAlts.length > 1) {
    const found = new Set(senderAlts.map((a) => strategy(a, receiver)));
    return found.size === 1 ? [...found][0] : undefined;
  }
  const receiverAlts = alternatives(receiver);
  if (receiverAlts.length > 1) {
    const found = new Set(receiverAlts.map((a) => strategy(sender, a)));
    return PRIORITY.find((p) => found.has(p));
  }
  const s = senderAlts[0] ?? sender;
  const r = receiverAlts[0] ?? receiver;
  if (isChatMessage(s) && isString(r)) return 'chatMessageToString';
  if (isString(s) && isChatMessage(r)) return 'stringToChatMessage';
  const inner = elementOf(r);
  if (inner !== undefined) {
    if (isTypeCompatible(s, inner)) return 'wrap';
    if (contains(s, isChatMessage) && contains(inner, isString)) return 'wrapChatMessageToString';
    if (contains(s, isString) && contains(inner, isChatMessage)) return 'wrapStringToChatMessage';
  }
  const element = elementOf(s);
  if (element !== undefined && elementOf(r) === undefined) {
    if ((isString(element) || isChatMessage(element)) && isTypeCompatible(element, r)) return 'unwrap';
    const innerStrategy = strategy(element, r);
    if (innerStrategy === 'stringToChatMessage') return 'unwrapStringToChatMessage';
    if (innerStrategy === 'chatMessageToString') return 'unwrapChatMessageToString';
  }
  return undefined;
}

/**
 * How a value from `sender` must be converted for `receiver`: `null` when the types fit as they
 * are, a strategy when a smart conversion applies, `undefined` when they are incompatible.
 */
export function connectionConversion(sender: z.ZodType, receiver: z.ZodType): ConversionStrategy | null | undefined {
  if (isTypeCompatible(sender, receiver)) return null;
  return strategy(sender, receiver);
}

function chatMessageToString(value: unknown): string {
  const message = value as ChatMessage;
  if (typeof message?.content !== 'string') {
    throw new TypeError('cannot convert a ChatMessage without text to a string');
  }
  return message.content;
}

function firstItem(value: unknown): unknown {
  const list = value as unknown[];
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('cannot take the only item of an empty list');
  if (list.length > 1) {
    throw new TypeError(
      `cannot unwrap a list of ${list.length} items to a single value (a list-to-single connection only accepts one-item lists, so nothing is silently dropped)`,
    );
  }
  return list[0];
}

/** Applies a conversion; throws a `TypeError` naming why a value cannot be converted. */
export function convertValue(value: unknown, conversion: ConversionStrategy): unknown {
  switch (conversion) {
    case 'chatMessageToString':
      return chatMessageToString(value);
    case 'stringToChatMessage':
      return ChatMessages.user(value as string);
    case 'wrap':
      return [value];
    case 'wrapChatMessageToString':
      return [chatMessageToString(value)];
    case 'wrapStringToChatMessage':
      return [ChatMessages.user(value as string)];
    case 'unwrap':
      return firstItem(value);
    case 'unwrapStringToChatMessage':
      return ChatMessages.user(firstItem(value) as string);
    case 'unwrapChatMessageToString':
      return chatMessageToString(firstItem(value));
  }
}
