import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { type InputSocketSpec, inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { InvalidOptionsError, TemplateError } from '../errors.js';
import { liquidEngine, type ParsedTemplate, parseTemplate, templateError } from './liquid-engine.js';

/** Input socket names PromptBuilder always has; template variables cannot use them. */
export const PROMPT_BUILDER_RESERVED_INPUTS = ['template', 'templateVariables'] as const;

/** How many runtime-override templates stay parsed (least recently used are evicted). */
const OVERRIDE_CACHE_SIZE = 32;

export const PromptBuilderOptionsSchema = z.strictObject({
  /**
   * A Liquid template (https://liquidjs.com), e.g.
   * `"Answer from the context.\n{% for d in documents %}- {{ d.content }}\n{% endfor %}Question: {{ query }}"`.
   * Parsed once at construction; syntax errors and unknown filters throw `TemplateError`.
   */
  template: z.string(),
  /**
   * The variables that become input sockets. When omitted they are inferred from the template:
   * every root variable it reads that it does not assign itself (`assign`, `capture`, loop
   * variables are excluded).
   * @default undefined (inferred from the template)
   */
  variables: z.array(z.string().min(1)).optional(),
  /**
   * Variables that must be given (as an input or in `templateVariables`); `"*"` makes all of
   * them required. Missing ones raise `TemplateError` naming every missing variable. Required
   * variables become mandatory input sockets. Other variables render as empty strings when
   * missing.
   * @default undefined (none required)
   */
  requiredVariables: z.union([z.array(z.string().min(1)), z.literal('*')]).optional(),
  /**
   * Abort rendering after this many milliseconds (protects against runaway loops, e.g. in
   * runtime template overrides from untrusted sources).
   * @default undefined (no limit)
   */
  renderLimitMs: z.number().int().positive().optional(),
});

/** Options accepted by the {@link PromptBuilder} constructor. */
export type PromptBuilderOptions = z.input<typeof PromptBuilderOptionsSchema>;
type ParsedOptions = z.output<typeof PromptBuilderOptionsSchema>;

/**
 * Run inputs of {@link PromptBuilder}: one entry per template variable, plus the optional
 * `template` override and `templateVariables`.
 */
/** The built-in inputs; one optional `unknown` socket per template variable is added to them. */
const FIXED_INPUTS = inputSockets({
  template: { schema: z.string(), optional: true, description: 'Runtime template override.' },
  templateVariables: {
    schema: z.record(z.string(), z.unknown()),
    optional: true,
    description: 'Extra variables; they win over same-named inputs.',
  },
});

/** Input sockets of a {@link PromptBuilder}: the template's variables plus the built-in ones. */
export type PromptBuilderSockets = typeof FIXED_INPUTS & Record<string, InputSocketSpec>;

/**
 * Run inputs of {@link PromptBuilder}: `template` (renders this template instead of the
 * configured one; parsed templates are cached), `templateVariables` (extra variables that win
 * over same-named inputs), and one value per template variable.
 */
export type PromptBuilderInputs = RunInputs<PromptBuilderSockets>;

const PROMPT_OUTPUTS = outputSockets({
  prompt: { schema: SocketSchemas.text, description: 'The rendered prompt.' },
});

/**
 * Renders a prompt from a Liquid template (see `liquid-engine.ts` for why Liquid and how it is
 * locked down: no code execution, no file access, no HTML escaping, unknown filters are errors).
 *
 * Input sockets are dynamic: one per template variable (any value; optional unless required),
 * plus `template` (a runtime template override) and `templateVariables` (an object of extra
 * variables that win over same-named inputs). The output socket is `prompt`.
 *
 * Like Haystack's PromptBuilder, no variable is required unless listed in `requiredVariables`
 * (`"*"` = all); a missing optional variable renders as an empty string.
 *
 * @example
 * ```ts
 * const builder = new PromptBuilder({
 *   template: '{% for d in documents %}[{{ forloop.index }}] {{ d.content }}\n{% endfor %}Q: {{ query }}',
 *   requiredVariables: ['query'],
 * });
 * const { prompt } = await builder.run({ documents, query: 'What is pgvector?' });
 * ```
 */
export class PromptBuilder extends BaseComponent<ParsedOptions, PromptBuilderSockets, typeof PROMPT_OUTPUTS> {
  static readonly type = 'core.PromptBuilder';
  readonly inputSockets: PromptBuilderSockets;
  readonly outputSockets = PROMPT_OUTPUTS;
  /** The template's input variables (the dynamic input sockets), in order of first use. */
  readonly variables: readonly string[];
  /** Required variables of the configured template (`"*"` resolved). */
  readonly requiredVariables: readonly string[];

  private readonly parsed: ParsedTemplate;
  private readonly overrides = new Map<string, ParsedTemplate>();

  constructor(options: PromptBuilderOptions) {
    super(PromptBuilderOptionsSchema, options, 'PromptBuilder');
    this.parsed = parseTemplate(this.options.template, 'PromptBuilder');
    this.variables = [...new Set(this.options.variables ?? this.parsed.variables)];
    const reserved = this.variables.filter((v) => (PROMPT_BUILDER_RESERVED_INPUTS as readonly string[]).includes(v));
    if (reserved.length > 0) {
      throw new TemplateError(
        `PromptBuilder: template variable name(s) ${reserved.map((r) => `"${r}"`).join(', ')} clash with the built-in inputs ${PROMPT_BUILDER_RESERVED_INPUTS.join(' and ')}; rename them in the template.`,
        { reserved },
      );
    }
    const required = this.options.requiredVariables;
    this.requiredVariables = required === '*' ? this.variables : [...new Set(required ?? [])];
    const unknown = this.requiredVariables.filter((r) => !this.variables.includes(r));
    if (unknown.length > 0) {
      throw new InvalidOptionsError(
        'PromptBuilder',
        `requiredVariables lists ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a variable of the template (variables: ${this.variables.join(', ') || 'none'})`,
      );
    }
    const sockets: Record<string, InputSocketSpec> = {};
    for (const name of this.variables) {
      sockets[name] = { schema: z.unknown(), optional: !this.requiredVariables.includes(name) };
    }
    this.inputSockets = { ...sockets, ...FIXED_INPUTS };
  }

  async run(inputs: PromptBuilderInputs, _ctx?: RunContext): Promise<RunOutputs<typeof PROMPT_OUTPUTS>> {
    const { template, templateVariables, ...rest } = inputs;
    if (templateVariables !== undefined && (typeof templateVariables !== 'object' || templateVariables === null)) {
      throw new TemplateError('PromptBuilder: templateVariables must be an object of variable values.');
    }
    const active = template === undefined ? this.parsed : this.override(template);
    const scope: Record<string, unknown> = {};
    // `__proto__` would set the scope's prototype instead of a variable.
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && k !== '__proto__') scope[k] = v;
    for (const [k, v] of Object.entries(templateVariables ?? {})) if (v !== undefined && k !== '__proto__') scope[k] = v;

    const required = this.options.requiredVariables === '*' ? active.variables : this.requiredVariables;
    const missing = required.filter((name) => scope[name] === undefined);
    if (missing.length > 0) {
      throw new TemplateError(
        `PromptBuilder: missing required variable(s): ${missing.join(', ')}. The template's variables are: ${active.variables.join(', ') || 'none'}. Pass them as inputs or in templateVariables.`,
        { missing, variables: active.variables },
      );
    }
    try {
      const rendered: unknown = liquidEngine.renderSync(
        active.tree,
        scope,
        this.options.renderLimitMs === undefined ? {} : { renderLimit: this.options.renderLimitMs },
      );
      return { prompt: String(rendered) };
    } catch (error) {
      throw templateError('PromptBuilder: rendering failed', error);
    }
  }

  /** Parses a runtime template, reusing recent ones (LRU). */
  private override(source: string): ParsedTemplate {
    if (typeof source !== 'string') throw new TemplateError('PromptBuilder: the template input must be a string.');
    if (source === this.parsed.source) return this.parsed;
    const cached = this.overrides.get(source);
    if (cached !== undefined) {
      this.overrides.delete(source);
      this.overrides.set(source, cached);
      return cached;
    }
    const parsed = parseTemplate(source, 'PromptBuilder (runtime template)');
    this.overrides.set(source, parsed);
    if (this.overrides.size > OVERRIDE_CACHE_SIZE) this.overrides.delete(this.overrides.keys().next().value as string);
    return parsed;
  }
}

defaultRegistry.register(PromptBuilder);
