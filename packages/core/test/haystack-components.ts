/**
 * Test components with the sockets of the components Haystack's pipeline run scenarios use
 * (`haystack.testing.sample_components`, joiners, routers, prompt builders, fake generators).
 * Our own code: the same socket shapes (what the scheduler sees), simple deterministic bodies.
 */
import { z } from 'zod';
import { type ChatMessage, ChatMessageSchema, ChatMessages } from '../src/chat/chat-message.js';
import type { InputSockets, OutputSockets } from '../src/component/socket.js';
import { type Document, DocumentSchema } from '../src/document.js';
import { TestComponent } from './pipeline-components.js';

type Out = Record<string, unknown>;
type Inputs = Record<string, unknown>;

const num = z.number();
const str = z.string();
const docs = z.array(DocumentSchema);
const messages = z.array(ChatMessageSchema);

function make(
  type: string,
  inputs: InputSockets,
  outputs: OutputSockets,
  fn: (inputs: Inputs) => Out | Promise<Out>,
): TestComponent {
  return new TestComponent(type, inputs, outputs, fn);
}

/** `value + (add ?? options.add)` — Haystack's `AddFixedValue`. */
export function addFixedValue(add = 1): TestComponent {
  return make(
    'hs.AddFixedValue',
    { value: { schema: num }, add: { schema: num, optional: true } },
    { result: { schema: num } },
    ({ value, add: a }) => ({ result: (value as number) + ((a as number | undefined) ?? add) }),
  );
}

export function double(): TestComponent {
  return make('hs.Double', { value: { schema: num } }, { value: { schema: num } }, ({ value }) => ({
    value: (value as number) * 2,
  }));
}

export function parity(): TestComponent {
  return make('hs.Parity', { value: { schema: num } }, { even: { schema: num }, odd: { schema: num } }, ({ value }) =>
    (value as number) % 2 === 0 ? { even: value } : { odd: value },
  );
}

export function threshold(limit: number): TestComponent {
  return make(
    'hs.Threshold',
    { value: { schema: num }, threshold: { schema: num, optional: true } },
    { above: { schema: num }, below: { schema: num } },
    ({ value, threshold: t }) => ((value as number) < ((t as number | undefined) ?? limit) ? { below: value } : { above: value }),
  );
}

export function remainder(divisor: number): TestComponent {
  const outputs: OutputSockets = {};
  for (let r = 0; r < divisor; r++) outputs[`remainder_is_${r}`] = { schema: num };
  return make('hs.Remainder', { value: { schema: num } }, outputs, ({ value }) => ({
    [`remainder_is_${(value as number) % divisor}`]: value,
  }));
}

/** Running total kept by the instance (across visits and runs), like Haystack's `Accumulate`. */
export function accumulate(): TestComponent {
  let state = 0;
  return make('hs.Accumulate', { value: { schema: num } }, { value: { schema: num } }, ({ value }) => {
    state += value as number;
    return { value: state };
  });
}

export function sum(): TestComponent {
  return make('hs.Sum', { values: { schema: num, variadic: true } }, { total: { schema: num } }, ({ values }) => ({
    total: (values as number[]).reduce((a, b) => a + b, 0),
  }));
}

export function subtract(): TestComponent {
  return make(
    'hs.Subtract',
    { first_value: { schema: num }, second_value: { schema: num } },
    { difference: { schema: num } },
    ({ first_value, second_value }) => ({ difference: (first_value as number) - (second_value as number) }),
  );
}

export function repeat(names: string[]): TestComponent {
  const outputs: OutputSockets = {};
  for (const n of names) outputs[n] = { schema: num };
  return make('hs.Repeat', { value: { schema: num } }, outputs, ({ value }) => Object.fromEntries(names.map((n) => [n, value])));
}

/** Passes `value` through (Haystack's `Greet` logs a message). */
export function greet(): TestComponent {
  return make(
    'hs.Greet',
    { value: { schema: num }, message: { schema: str, optional: true }, log_level: { schema: str, optional: true } },
    { value: { schema: num } },
    ({ value }) => ({ value }),
  );
}

export function hello(): TestComponent {
  return make('hs.Hello', { word: { schema: str } }, { output: { schema: str } }, ({ word }) => ({
    output: `Hello, ${word as string}!`,
  }));
}

/** `template` with `{name}` placeholders; one mandatory socket per variable. */
export function fString(template: string, variables: string[]): TestComponent {
  const inputs: InputSockets = { template: { schema: str, optional: true } };
  for (const v of variables) inputs[v] = { schema: z.unknown() };
  return make('hs.FString', inputs, { string: { schema: str } }, (values) => ({
    string: ((values['template'] as string | undefined) ?? template).replace(/\{(\w+)\}/g, (_, v: string) => String(values[v])),
  }));
}

export function textSplitter(): TestComponent {
  return make('hs.TextSplitter', { sentence: { schema: str } }, { output: { schema: z.array(str) } }, ({ sentence }) => ({
    output: (sentence as string).split(' '),
  }));
}

export function stringListJoiner(): TestComponent {
  return make(
    'hs.StringListJoiner',
    { inputs: { schema: z.array(str), variadic: true } },
    { output: { schema: z.array(str) } },
    ({ inputs }) => ({ output: (inputs as string[][]).flat() }),
  );
}

/** Haystack's `BranchJoiner`: a greedy variadic `value` forwarded as is. */
export function branchJoiner(schema: z.ZodType): TestComponent {
  return make('hs.BranchJoiner', { value: { schema, variadic: 'greedy' } }, { value: { schema } }, ({ value }) => ({
    value: (value as unknown[])[0],
  }));
}

/** One route of {@link conditionalRouter}: the first whose `when` holds sends `output(inputs)`. */
export interface Route {
  name: string;
  schema: z.ZodType;
  when: (inputs: Inputs) => boolean;
  output: (inputs: Inputs) => unknown;
}

/**
 * A {@link Route} on one line: `output` is a function of the inputs, or the name of the input
 * the route passes on unchanged.
 */
export function route(
  name: string,
  schema: z.ZodType,
  when: (inputs: Inputs) => boolean,
  output: string | ((inputs: Inputs) => unknown),
): Route {
  return { name, schema, when, output: typeof output === 'string' ? (inputs) => inputs[output] : output };
}

/** Haystack's `ConditionalRouter` with JS predicates in place of Jinja conditions. */
export function conditionalRouter(inputs: Record<string, z.ZodType>, routes: Route[]): TestComponent {
  const sockets: InputSockets = {};
  for (const [name, schema] of Object.entries(inputs)) sockets[name] = { schema };
  const outputs: OutputSockets = {};
  for (const r of routes) outputs[r.name] = { schema: r.schema };
  return make('hs.ConditionalRouter', sockets, outputs, (values) => {
    const route = routes.find((r) => r.when(values));
    return route ? { [route.name]: route.output(values) } : {};
  });
}

/** A prompt builder's sockets: `template`, `template_variables`, one per variable (default `''` unless required). */
function templateInputs(template: z.ZodType, variables: string[], required: string[] = []): InputSockets {
  const inputs: InputSockets = {
    template: { schema: template, optional: true },
    template_variables: { schema: z.record(z.string(), z.unknown()), optional: true },
  };
  for (const v of variables) inputs[v] = required.includes(v) ? { schema: z.unknown() } : { schema: z.unknown(), default: '' };
  return inputs;
}

/** A prompt builder's sockets and `prompt` output; `render` gets the inputs and the template variables (inputs + `template_variables`). */
function templateBuilder(
  type: string,
  schema: z.ZodType,
  options: { variables: string[]; required?: string[] },
  render: (inputs: Inputs, vars: Inputs) => unknown,
): TestComponent {
  return make(type, templateInputs(schema, options.variables, options.required), { prompt: { schema } }, (inputs) => ({
    prompt: render(inputs, { ...inputs, ...((inputs['template_variables'] as Inputs | undefined) ?? {}) }),
  }));
}

/**
 * Haystack's `PromptBuilder`: one socket per template variable, optional with default `''`
 * unless listed in `required`; `template` / `template_variables` optional. `render` replaces Jinja.
 */
export function promptBuilder(options: {
  variables: string[];
  required?: string[];
  render: (vars: Inputs) => string;
}): TestComponent {
  return templateBuilder('hs.PromptBuilder', str, options, (inputs, vars) =>
    typeof inputs['template'] === 'string' ? inputs['template'] : options.render(vars),
  );
}

/** Haystack's `ChatPromptBuilder`: `{{name}}` placeholders in each message of `template`. */
export function chatPromptBuilder(options: {
  variables: string[];
  required?: string[];
  template?: ChatMessage[];
}): TestComponent {
  return templateBuilder('hs.ChatPromptBuilder', messages, options, (inputs, vars) => {
    const template = (inputs['template'] as ChatMessage[] | undefined) ?? options.template ?? [];
    const fill = (text: string) =>
      text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, v: string) => {
        const value = vars[v];
        return Array.isArray(value) ? value.map((d) => (d as Document).content ?? String(d)).join(' ') : String(value ?? '');
      });
    return template.map((m) => ({ ...m, content: fill(m.content) }));
  });
}

/**
 * Haystack's test `FixedGenerator`: `replies[i]` on the i-th call, cycling. `generation_kwargs`:
 * also declare that optional input, as Haystack's generators do.
 */
export function fixedGenerator(replies: string[], options: { generation_kwargs?: boolean } = {}): TestComponent {
  const inputs: InputSockets = { prompt: { schema: str } };
  if (options.generation_kwargs) inputs['generation_kwargs'] = { schema: z.record(z.string(), z.unknown()), optional: true };
  let i = 0;
  return make('hs.FixedGenerator', inputs, { replies: { schema: z.array(str) } }, () => {
    const reply = replies[i % replies.length]!;
    i++;
    return { replies: [reply] };
  });
}

/** Haystack's test `FakeOutputValidator`: the first replies are invalid (with an error message), all later ones valid. */
export function outputValidator(): TestComponent {
  let called = false;
  return make(
    'hs.FakeOutputValidator',
    { replies: { schema: z.array(str) } },
    {
      valid_replies: { schema: z.array(str) },
      invalid_replies: { schema: z.array(str).nullable() },
      error_message: { schema: str.nullable() },
    },
    ({ replies }) => {
      if (called) return { valid_replies: replies };
      called = true;
      return { invalid_replies: ['This is an invalid reply'], error_message: 'this is an error message' };
    },
  );
}

/** A component (`type`) that passes input `socket` on unchanged; `extra` inputs are declared and ignored. */
export function passThrough(type: string, socket: string, schema: z.ZodType, extra: InputSockets = {}): TestComponent {
  return make(type, { [socket]: { schema }, ...extra }, { [socket]: { schema } }, (inputs) => ({ [socket]: inputs[socket] }));
}

/** Haystack's `AnswerBuilder`, reduced to what the scenarios look at. */
export function answerBuilder(): TestComponent {
  return make(
    'hs.AnswerBuilder',
    {
      query: { schema: str },
      replies: { schema: z.array(str) },
      documents: { schema: docs, optional: true },
      meta: { schema: z.array(z.record(z.string(), z.unknown())), optional: true },
    },
    { answers: { schema: z.array(z.object({ data: str, query: str, documents: docs })) } },
    ({ query, replies, documents }) => ({
      answers: (replies as string[]).map((data) => ({ data, query, documents: (documents as Document[] | undefined) ?? [] })),
    }),
  );
}

export function answerJoiner(): TestComponent {
  const answer = z.object({ data: str, query: str, documents: docs });
  return make(
    'hs.AnswerJoiner',
    { answers: { schema: z.array(answer), variadic: true }, top_k: { schema: num, optional: true } },
    { answers: { schema: z.array(answer) } },
    ({ answers }) => ({ answers: (answers as unknown[][]).flat() }),
  );
}

export function stringJoiner(): TestComponent {
  return make(
    'hs.StringJoiner',
    { strings: { schema: str, variadic: true } },
    { strings: { schema: z.array(str) } },
    ({ strings }) => ({
      strings,
    }),
  );
}

/** Same sockets as Haystack's `DocumentJoiner` (lazy variadic `documents`, `top_k`), concatenating. */
export function documentJoiner(): TestComponent {
  return make(
    'hs.DocumentJoiner',
    { documents: { schema: docs, variadic: true }, top_k: { schema: num, optional: true } },
    { documents: { schema: docs } },
    ({ documents }) => {
      const seen = new Set<string>();
      const out: Document[] = [];
      for (const d of (documents as Document[][]).flat()) {
        if (seen.has(d.id)) continue;
        seen.add(d.id);
        out.push(d);
      }
      return { documents: out };
    },
  );
}

export const schemas = { num, str, docs, messages, chatMessage: ChatMessageSchema } as const;
export { ChatMessages };

/** A file for the conversion scenarios (Haystack's `ByteStream`). */
export const SourceSchema = z.object({ mime: z.string(), text: z.string(), meta: z.record(z.string(), z.unknown()) });
export type Source = z.output<typeof SourceSchema>;

/** Haystack's `FileTypeRouter`: one output per MIME type, produced only when some source has it. */
export function fileTypeRouter(mimeTypes: string[]): TestComponent {
  const outputs: OutputSockets = {};
  for (const m of mimeTypes) outputs[m] = { schema: z.array(SourceSchema) };
  return make('hs.FileTypeRouter', { sources: { schema: z.array(SourceSchema) } }, outputs, ({ sources }) => {
    const out: Out = {};
    for (const m of mimeTypes) {
      const matching = (sources as Source[]).filter((s) => s.mime === m);
      if (matching.length > 0) out[m] = matching;
    }
    return out;
  });
}

/** A converter: one document per source (content = the text, meta = the source's meta). */
export function converter(): TestComponent {
  return make('hs.Converter', { sources: { schema: z.array(SourceSchema) } }, { documents: { schema: docs } }, ({ sources }) => ({
    documents: (sources as Source[]).map((s) => ({
      id: `${s.meta['file_type'] as string}:${s.text}`,
      content: s.text,
      meta: s.meta,
    })),
  }));
}

/** Haystack's `DocumentSplitter` by words (`words` per split). */
export function wordSplitter(words: number): TestComponent {
  return make('hs.DocumentSplitter', { documents: { schema: docs } }, { documents: { schema: docs } }, ({ documents }) => ({
    documents: (documents as Document[]).flatMap((d) => {
      const parts = d.content.split(' ');
      const out: Document[] = [];
      for (let i = 0; i < parts.length; i += words) {
        const content = parts.slice(i, i + words).join(' ');
        out.push({ ...d, id: `${d.id}#${i / words}`, content, meta: { ...d.meta, split_id: i / words } });
      }
      return out;
    }),
  }));
}
