import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatMessageSchema, ChatMessages } from '../chat/chat-message.js';
import { DocumentSchema } from '../document.js';
import { connectionConversion, convertValue, isListSocket } from './smart-connection.js';

const str = z.string();
const msg = ChatMessageSchema;

describe('connectionConversion', () => {
  it('needs none when the types fit', () => {
    expect(connectionConversion(str, str)).toBeNull();
    expect(connectionConversion(z.array(DocumentSchema), z.array(DocumentSchema))).toBeNull();
    expect(connectionConversion(str, z.unknown())).toBeNull();
  });

  it.each([
    ['ChatMessage → string', msg, str, 'chatMessageToString'],
    ['string → ChatMessage', str, msg, 'stringToChatMessage'],
    ['number → number[]', z.number(), z.array(z.number()), 'wrap'],
    ['ChatMessage → string[]', msg, z.array(str), 'wrapChatMessageToString'],
    ['string → ChatMessage[]', str, z.array(msg), 'wrapStringToChatMessage'],
    ['string[] → string', z.array(str), str, 'unwrap'],
    ['ChatMessage[] → ChatMessage', z.array(msg), msg, 'unwrap'],
    ['ChatMessage[] → string', z.array(msg), str, 'unwrapChatMessageToString'],
    ['string[] → ChatMessage', z.array(str), msg, 'unwrapStringToChatMessage'],
    ['ChatMessage → string[] | ChatMessage[] (wrap wins)', msg, z.union([z.array(str), z.array(msg)]), 'wrap'],
    ['ChatMessage → optional string', msg, str.optional(), 'chatMessageToString'],
  ] as const)('%s', (_, sender, receiver, expected) => {
    expect(connectionConversion(sender, receiver)).toBe(expected);
  });

  it('is undefined for incompatible types and for unwraps that would drop other types', () => {
    expect(connectionConversion(z.number(), str)).toBeUndefined();
    expect(connectionConversion(z.array(z.number()), z.number())).toBeUndefined();
    expect(connectionConversion(z.array(z.array(str)), z.array(str))).toBeUndefined();
    // A union sender converts only when every member needs the same conversion.
    expect(connectionConversion(z.union([str, z.number()]), msg)).toBeUndefined();
  });
});

describe('convertValue', () => {
  it('converts between strings, messages and lists', () => {
    expect(convertValue(ChatMessages.assistant('hi'), 'chatMessageToString')).toBe('hi');
    expect(convertValue('hi', 'stringToChatMessage')).toEqual(ChatMessages.user('hi'));
    expect(convertValue(3, 'wrap')).toEqual([3]);
    expect(convertValue([ChatMessages.assistant('a')], 'unwrapChatMessageToString')).toBe('a');
    expect(convertValue(['q'], 'unwrapStringToChatMessage')).toEqual(ChatMessages.user('q'));
  });

  it('refuses to unwrap an empty list or one of several items', () => {
    expect(() => convertValue([], 'unwrap')).toThrow(/empty list/);
    expect(() => convertValue(['a', 'b'], 'unwrap')).toThrow(/list of 2 items/);
  });
});

describe('isListSocket', () => {
  it('is true for lists, optional or nullable lists and unions of lists', () => {
    expect(isListSocket(z.array(str))).toBe(true);
    expect(isListSocket(z.array(str).optional())).toBe(true);
    expect(isListSocket(z.array(str).nullable())).toBe(true);
    expect(isListSocket(z.union([z.array(str), z.array(msg)]))).toBe(true);
    expect(isListSocket(str)).toBe(false);
    expect(isListSocket(z.union([z.array(str), str]))).toBe(false);
  });
});
