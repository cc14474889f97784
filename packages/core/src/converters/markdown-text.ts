import { lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { Meta } from '../document.js';
import { htmlToText } from './html-text.js';

/** The plain text of a Markdown document, its front matter and its title. */
export interface MarkdownText {
  /** One block per heading, paragraph, list item, table row, code block or quote, blank-line separated. */
  text: string;
  /** The YAML front matter (`---` … `---` at the top), `{}` without one. */
  frontMatter: Meta;
  /** Front matter `title`, else the first heading. */
  title: string | undefined;
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Markdown → plain text with `marked`'s lexer: syntax removed (emphasis, links keep their text,
 * images their alt text, inline HTML its text), headings, paragraphs, list items (`- item`),
 * table rows (` | `-joined) and code blocks kept as blocks separated by a blank line. Front
 * matter that is not a YAML mapping throws.
 */
export function markdownToText(markdown: string): MarkdownText {
  let body = markdown;
  let frontMatter: Meta = {};
  const fm = FRONT_MATTER.exec(markdown);
  if (fm) {
    const parsed: unknown = parseYaml(fm[1] ?? '');
    if (parsed !== null && parsed !== undefined) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('front matter must be a YAML mapping');
      frontMatter = JSON.parse(JSON.stringify(parsed)) as Meta;
    }
    body = markdown.slice(fm[0].length);
  }
  const blocks: string[] = [];
  let firstHeading: string | undefined;
  const visit = (tokens: readonly Token[], prefix = ''): void => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const text = inline((token as Tokens.Heading).tokens);
          firstHeading ??= text;
          blocks.push(text);
          break;
        }
        case 'paragraph':
        case 'text':
          blocks.push(prefix + inline((token as Tokens.Paragraph).tokens ?? [], (token as Tokens.Text).text));
          break;
        case 'code':
          blocks.push((token as Tokens.Code).text);
          break;
        case 'blockquote':
          visit((token as Tokens.Blockquote).tokens, prefix);
          break;
        case 'list':
          for (const item of (token as Tokens.List).items) {
            const start = blocks.length;
            visit(item.tokens, '');
            const itemText = blocks.splice(start).join(' ');
            if (itemText !== '') blocks.push(`${prefix}- ${itemText}`);
          }
          break;
        case 'table': {
          const table = token as Tokens.Table;
          blocks.push(table.header.map((c) => inline(c.tokens)).join(' | '));
          for (const row of table.rows) blocks.push(row.map((c) => inline(c.tokens)).join(' | '));
          break;
        }
        case 'html': {
          const text = htmlToText((token as Tokens.HTML).text).text;
          if (text !== '') blocks.push(text);
          break;
        }
        default:
          break; // space, hr, def
      }
    }
  };
  visit(lexer(body));
  const title = typeof frontMatter.title === 'string' && frontMatter.title !== '' ? frontMatter.title : firstHeading;
  return { text: blocks.filter((b) => b.trim() !== '').join('\n\n'), frontMatter, title };
}

function inline(tokens: readonly Token[], fallback = ''): string {
  if (tokens.length === 0) return fallback.trim();
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type === 'image') parts.push((t as Tokens.Image).text);
    else if (t.type === 'br') parts.push('\n');
    else if (t.type === 'html') parts.push(htmlToText((t as Tokens.HTML).text).text);
    else if (t.type === 'codespan') parts.push(decodeEntities((t as Tokens.Codespan).text));
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) parts.push(inline(t.tokens as Token[]));
    else if ('text' in t && typeof t.text === 'string') parts.push(decodeEntities(t.text));
  }
  return parts
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decodeEntities = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
