import { z } from 'zod';
import { BaseComponent } from '../component/base-component.js';
import type { RunContext } from '../component/component.js';
import { defaultRegistry } from '../component/registry.js';
import { inputSockets, outputSockets, type RunInputs, type RunOutputs } from '../component/socket.js';
import { SocketSchemas } from '../component/socket-schemas.js';
import { createDocument, type Document, type Meta } from '../document.js';
import { copyMeta } from './copy-document.js';
import { sentenceSegments } from './sentence-splitter.js';

/** The delimiter each character-based unit ends with (kept in the unit, as Haystack does). */
const DELIMITERS = { word: ' ', line: '\n', passage: '\n\n', page: '\f', period: '.' } as const;

export const DocumentSplitterOptionsSchema = z
  .strictObject({
    /**
     * The unit: `word` (split at spaces), `sentence` (`Intl.Segmenter` sentences, see
     * `sentenceSegments`), `passage` (`\n\n`), `page` (form feed `\f`, as converters separate
     * pages), `line` (`\n`) or `period` (`.`). Delimiters stay at the end of their unit, so the
     * splits joined (without overlap) give back the text.
     * @default "word"
     */
    splitBy: z.enum(['word', 'sentence', 'passage', 'page', 'line', 'period']).default('word'),
    /** Units per split (at most). @default 200 */
    splitLength: z.number().int().positive().default(200),
    /** Units a split shares with the previous one; less than `splitLength`. @default 0 */
    splitOverlap: z.number().int().nonnegative().default(0),
    /** A trailing split with fewer units than this is appended to the previous split. @default 0 */
    splitThreshold: z.number().int().nonnegative().default(0),
    /**
     * With `splitBy: "word"`: cut only between sentences, each split holding at most
     * `splitLength` words (a longer sentence becomes its own split) and about `splitOverlap`
     * words of whole sentences from the previous one.
     * @default false
     */
    respectSentenceBoundary: z.boolean().default(false),
    /** Drop documents (and splits) whose content is empty. @default true */
    skipEmptyDocuments: z.boolean().default(true),
  })
  .refine((o) => o.splitOverlap < o.splitLength, {
    message: 'splitOverlap must be less than splitLength',
    path: ['splitOverlap'],
  })
  .refine((o) => !o.respectSentenceBoundary || o.splitBy === 'word', {
    message: 'respectSentenceBoundary needs splitBy "word"',
    path: ['respectSentenceBoundary'],
  });
/** Options accepted by the {@link DocumentSplitter} constructor. */
export type DocumentSplitterOptions = z.input<typeof DocumentSplitterOptionsSchema>;
type ParsedOptions = z.output<typeof DocumentSplitterOptionsSchema>;

const INPUTS = inputSockets({ documents: { schema: SocketSchemas.documents, description: 'Documents to split.' } });
const OUTPUTS = outputSockets({
  documents: { schema: SocketSchemas.documents, description: 'The splits, in order, each with its source meta.' },
});

/** Splits' texts with the page each starts on and its character offset in the source. */
interface Splits {
  texts: string[];
  pages: number[];
  starts: number[];
}

/**
 * Splits documents into smaller ones (Haystack's `DocumentSplitter`, option names in camelCase).
 * Each split copies the source's meta and adds `source_id` (the source's id), `page_number`
 * (1-based, counted from the `\f` page breaks before it), `split_id` (its index within the
 * source) and `split_idx_start` (its character offset in the source). With `splitOverlap > 0`
 * each split also gets `_split_overlap`: `{ doc_id, range: [start, end] }` for each neighbor it
 * shares text with, `range` being the shared characters in the neighbor's content. Ids are
 * derived from content and meta (without `_split_overlap`), so re-splitting the same document
 * gives the same ids.
 */
export class DocumentSplitter extends BaseComponent<ParsedOptions, typeof INPUTS, typeof OUTPUTS> {
  static readonly type = 'core.DocumentSplitter';
  readonly inputSockets = INPUTS;
  readonly outputSockets = OUTPUTS;

  constructor(options: DocumentSplitterOptions = {}) {
    super(DocumentSplitterOptionsSchema, options, 'DocumentSplitter');
  }

  async run(inputs: RunInputs<typeof INPUTS>, ctx?: RunContext): Promise<RunOutputs<typeof OUTPUTS>> {
    const documents: Document[] = [];
    for (const doc of inputs.documents) {
      ctx?.signal.throwIfAborted();
      if (doc.content === '' && this.options.skipEmptyDocuments) continue;
      documents.push(...this.splitDocument(doc));
    }
    return { documents };
  }

  /** The splits of one document. */
  splitDocument(doc: Document): Document[] {
    const { splitBy, respectSentenceBoundary } = this.options;
    let splits: Splits;
    if (respectSentenceBoundary) splits = this.joinSentencesByWords(sentenceSegments(doc.content));
    else if (splitBy === 'sentence') splits = this.joinUnits(sentenceSegments(doc.content));
    else {
      const delimiter = DELIMITERS[splitBy];
      const units = doc.content.split(delimiter);
      for (let i = 0; i < units.length - 1; i++) units[i] += delimiter;
      splits = this.joinUnits(units);
    }
    return this.createSplitDocuments(doc, splits);
  }

  /**
   * Windows of `splitLength` units stepping by `splitLength - splitOverlap`; the last window is
   * the first that reaches the end. A window shorter than `splitThreshold` joins the previous
   * split (minus the units that split already holds).
   */
  private joinUnits(units: string[]): Splits {
    const { splitLength, splitOverlap, splitThreshold, skipEmptyDocuments, splitBy } = this.options;
    const out: Splits = { texts: [], pages: [], starts: [] };
    const step = splitLength - splitOverlap;
    let start = 0;
    let page = 1;
    for (let first = 0; first < units.length; first += step) {
      const window = units.slice(first, first + splitLength);
      const text = window.join('');
      const last = out.texts.length - 1;
      if (window.length < splitThreshold && last >= 0) {
        out.texts[last] += window.slice(splitOverlap).join('');
      } else if (!skipEmptyDocuments || text.length > 0) {
        out.texts.push(text);
        out.pages.push(page);
        out.starts.push(start);
      }
      const processed = window.slice(0, step);
      start += processed.join('').length;
      page += splitBy === 'page' ? processed.length : countPageBreaks(processed);
      if (first + splitLength >= units.length) break;
    }
    return out;
  }

  /** Whole sentences grouped up to `splitLength` words, overlapping by whole sentences. */
  private joinSentencesByWords(sentences: string[]): Splits {
    const { splitLength, splitOverlap } = this.options;
    const out: Splits = { texts: [], pages: [], starts: [] };
    let chunk: string[] = [];
    let words = 0;
    let page = 1;
    let start = 0;
    sentences.forEach((sentence, i) => {
      chunk.push(sentence);
      words += wordCount(sentence);
      const nextWords = i < sentences.length - 1 ? wordCount(sentences[i + 1] ?? '') : 0;
      if (words + nextWords <= splitLength && i < sentences.length - 1) return;
      const text = chunk.join('');
      if (text.length > 0) {
        out.texts.push(text);
        out.pages.push(page);
        out.starts.push(start);
      }
      const keep = sentencesToKeep(chunk, splitLength, splitOverlap);
      const processed = chunk.slice(0, chunk.length - keep);
      page += countPageBreaks(processed);
      start += processed.join('').length;
      chunk = chunk.slice(chunk.length - keep);
      words = chunk.reduce((n, s) => n + wordCount(s), 0);
    });
    return out;
  }

  private createSplitDocuments(source: Document, splits: Splits): Document[] {
    const overlap = this.options.splitOverlap > 0;
    const documents: Document[] = [];
    splits.texts.forEach((content, i) => {
      const meta: Meta = {
        ...copyMeta(source.meta),
        source_id: source.id,
        page_number: splits.pages[i] ?? 1,
        split_id: i,
        split_idx_start: splits.starts[i] ?? 0,
      };
      const doc = createDocument({ content, meta });
      documents.push(doc);
      if (!overlap) return;
      doc.meta._split_overlap = [];
      const previous = documents[i - 1];
      if (previous !== undefined) addOverlap(previous, splits.starts[i - 1] ?? 0, doc, splits.starts[i] ?? 0);
    });
    return documents;
  }
}

/** Records in both documents' `_split_overlap` the text `current` shares with `previous`. */
function addOverlap(previous: Document, previousStart: number, current: Document, currentStart: number): void {
  const from = currentStart - previousStart;
  const to = previous.content.length;
  if (from >= to) return;
  const shared = previous.content.slice(from, to);
  if (!current.content.startsWith(shared)) return;
  overlapList(current).push({ doc_id: previous.id, range: [from, to] });
  overlapList(previous).push({ doc_id: current.id, range: [0, to - from] });
}

function overlapList(doc: Document): Meta[] {
  return doc.meta._split_overlap as Meta[];
}

function countPageBreaks(units: readonly string[]): number {
  let n = 0;
  for (const unit of units) for (const ch of unit) if (ch === '\f') n++;
  return n;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/**
 * How many whole sentences at the end of `chunk` the next chunk starts with: enough to exceed
 * `overlap` words without exceeding `length`, never the chunk's first sentence.
 */
function sentencesToKeep(chunk: readonly string[], length: number, overlap: number): number {
  if (overlap === 0) return 0;
  let keep = 0;
  let words = 0;
  for (let i = chunk.length - 1; i >= 1; i--) {
    words += wordCount(chunk[i] ?? '');
    if (words > length) break;
    keep++;
    if (words > overlap) break;
  }
  return keep;
}

defaultRegistry.register(DocumentSplitter);
