import type { ChildNode, Element } from 'domhandler';
import { findOne, getAttributeValue, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';

/** Elements never part of the readable text. */
const SKIPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'nav',
  'header',
  'footer',
  'aside',
  'iframe',
  'svg',
  'canvas',
  'form',
  'button',
  'select',
  'object',
]);
/** ARIA roles of page chrome. */
const SKIPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'complementary']);
/** Elements that start and end a block of text. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'blockquote',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
]);

/**
 * Class or id tokens of page chrome removed by default: navigation bars, breadcrumbs, sidebars,
 * footers, cookie banners, "skip to content" links (the PostgreSQL docs' `navheader` /
 * `navfooter` among them). Matched as whole tokens, case-insensitively.
 */
export const DEFAULT_BOILERPLATE_CLASSES: readonly string[] = [
  'navheader',
  'navfooter',
  'navbar',
  'navigation',
  'nav',
  'menu',
  'breadcrumb',
  'breadcrumbs',
  'sidebar',
  'site-header',
  'site-footer',
  'footer',
  'header',
  'cookie-banner',
  'skip-link',
];

/** Options of {@link htmlToText}. */
export interface HtmlToTextOptions {
  /** Class / id tokens whose elements are removed. @default DEFAULT_BOILERPLATE_CLASSES */
  boilerplateClasses?: readonly string[];
}

/** The readable text of an HTML page and its title. */
export interface HtmlText {
  /** Blocks (paragraphs, headings, list items, table rows, `<pre>`) separated by a blank line. */
  text: string;
  /** `<title>`, else the first `<h1>`; `undefined` when neither has text. */
  title: string | undefined;
  /** The page's own absolute URL: `<link rel="canonical">`, else `<meta property="og:url">`. */
  url: string | undefined;
}

/**
 * Extracts the readable text of an HTML document: page chrome removed (scripts, styles,
 * `nav` / `header` / `footer` / `aside`, navigation ARIA roles, boilerplate class names),
 * entities decoded, whitespace collapsed except inside `<pre>`, and one block per paragraph,
 * heading, list item (`- item`), table row (cells joined by ` | `) or `<pre>`, separated by a
 * blank line so a passage splitter keeps them apart; plus the title and the page's own URL.
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): HtmlText {
  const boilerplate = new Set((options.boilerplateClasses ?? DEFAULT_BOILERPLATE_CLASSES).map((c) => c.toLowerCase()));
  const dom = parseDocument(html, { decodeEntities: true });
  const blocks: string[] = [];
  let line = '';
  let firstH1: string | undefined;

  const flush = () => {
    const text = line
      .replace(/[ \t\n\r\f\v\u00a0]+/g, ' ')
      .replace(/ ?\u2028 ?/g, '\n')
      .trim();
    if (text !== '') blocks.push(text);
    line = '';
  };
  const isBoilerplate = (el: Element): boolean => {
    if (SKIPPED_TAGS.has(el.name)) return true;
    const role = getAttributeValue(el, 'role');
    if (role && SKIPPED_ROLES.has(role.toLowerCase())) return true;
    if (getAttributeValue(el, 'aria-hidden') === 'true' || el.attribs.hidden !== undefined) return true;
    const tokens = `${getAttributeValue(el, 'class') ?? ''} ${getAttributeValue(el, 'id') ?? ''}`.toLowerCase().split(/\s+/);
    return tokens.some((t) => t !== '' && boilerplate.has(t));
  };
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        line += node.data;
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const el = node as Element;
      if (isBoilerplate(el)) continue;
      if (el.name === 'br') {
        line += '\u2028';
        continue;
      }
      if (el.name === 'pre') {
        flush();
        const text = textContent(el).replace(/^\n+|\s+$/g, '');
        if (text !== '') blocks.push(text);
        continue;
      }
      if (el.name === 'img') {
        const alt = getAttributeValue(el, 'alt');
        if (alt) line += ` ${alt} `;
        continue;
      }
      if (el.name === 'td' || el.name === 'th') {
        if (line.trim() !== '') line += ' | ';
        walk(el.children);
        continue;
      }
      if (!BLOCK_TAGS.has(el.name)) {
        walk(el.children);
        continue;
      }
      flush();
      if (el.name === 'h1' && firstH1 === undefined) firstH1 = collapse(textContent(el)) || undefined;
      if (el.name === 'li') line = '- ';
      walk(el.children);
      if (el.name === 'li' && line.trim() === '-') line = '';
      flush();
    }
  };
  walk(dom.children);
  flush();
  const titleElement = findOne((el) => el.name === 'title', dom.children);
  const title = titleElement ? collapse(textContent(titleElement)) : '';
  return { text: blocks.join('\n\n'), title: title || firstH1, url: pageUrl(dom.children) };
}

/** `<link rel="canonical" href>` or `<meta property="og:url" content>`, when an absolute http(s) URL. */
function pageUrl(nodes: ChildNode[]): string | undefined {
  const attr = (name: string, test: (el: Element) => boolean, key: string) => {
    const el = findOne((e) => e.name === name && test(e), nodes);
    const value = el ? getAttributeValue(el, key)?.trim() : undefined;
    return value && /^https?:\/\//i.test(value) ? value : undefined;
  };
  const hasToken = (value: string | undefined, token: string) => (value ?? '').toLowerCase().split(/\s+/).includes(token);
  return (
    attr('link', (e) => hasToken(getAttributeValue(e, 'rel'), 'canonical'), 'href') ??
    attr('meta', (e) => getAttributeValue(e, 'property')?.toLowerCase() === 'og:url', 'content')
  );
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
