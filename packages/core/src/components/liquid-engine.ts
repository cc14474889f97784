import { Liquid, type Template } from 'liquidjs';
import { TemplateError } from '../errors.js';

/**
 * The template engine behind `PromptBuilder`: LiquidJS.
 *
 * Why Liquid (over nunjucks and handlebars):
 * - Safe by design: Liquid was made for end users' templates (Shopify). LiquidJS interprets a
 *   parsed tree — no `eval`/`new Function` — and with `ownPropertyOnly` templates cannot walk
 *   prototypes (`{{ x.constructor }}` renders nothing). nunjucks' sandbox is not a security
 *   boundary (prototype/constructor escapes have led to code execution) and the project is in
 *   maintenance mode; handlebars compiles templates to JavaScript functions and has a history of
 *   prototype-access CVEs, and it needs custom helpers for ordinary logic.
 * - Maintained, dependency-free, ships its own types, and has static analysis
 *   (`globalVariablesSync`) so PromptBuilder can derive its input sockets from the template.
 * - Jinja-like syntax (`{{ var }}`, `{% for d in documents %}`, `{% if %}`), so Haystack prompt
 *   templates port with small edits (`loop.index` → `forloop.index`, `| join(", ")` → `| join: ", "`).
 * - Built-in DoS limits (`parseLimit`, `renderLimit`, `memoryLimit`).
 *
 * Configuration: no output escaping (prompts are not HTML); unknown filters are errors
 * (`strictFilters`); undefined variables render as empty strings (like Jinja/Haystack); the
 * file-reading tags `include`, `render` and `layout` are removed, so a template can never read
 * from disk — a template that uses them fails to parse.
 */
function createEngine(): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    templates: {},
    parseLimit: 1_000_000,
  });
  for (const tag of ['include', 'render', 'layout']) delete liquid.tags[tag];
  return liquid;
}

/** The shared, stateless engine instance. */
export const liquidEngine: Liquid = createEngine();

/** A parsed template with the root-level variables it reads (in order of first use). */
export interface ParsedTemplate {
  source: string;
  tree: Template[];
  variables: string[];
}

/**
 * Parses `source`, throwing {@link TemplateError} with the line/column and an excerpt of the
 * template on syntax errors, unknown tags or unknown filters.
 */
export function parseTemplate(source: string, owner: string): ParsedTemplate {
  let tree: Template[];
  try {
    tree = liquidEngine.parse(source);
  } catch (error) {
    throw templateError(`${owner}: invalid template`, error);
  }
  const variables = [...new Set(liquidEngine.globalVariablesSync(tree))];
  return { source, tree, variables };
}

/** Wraps a LiquidJS error in a {@link TemplateError} carrying its position and excerpt. */
export function templateError(prefix: string, error: unknown): TemplateError {
  const e = error as { message?: unknown; context?: unknown; token?: { getPosition?: () => [number, number] } };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const position = typeof e.token?.getPosition === 'function' ? e.token.getPosition() : undefined;
  const excerpt = typeof e.context === 'string' && e.context.length > 0 ? `\n${e.context}` : '';
  const hint = /tag "(include|render|layout)" not found/.test(message)
    ? ' (file tags include/render/layout are disabled: templates cannot read files)'
    : '';
  const wrapped = new TemplateError(
    `${prefix}: ${message}${hint}${excerpt}`,
    position === undefined ? {} : { line: position[0], column: position[1] },
  );
  wrapped.cause = error;
  return wrapped;
}
