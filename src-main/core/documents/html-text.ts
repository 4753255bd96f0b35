import { Parser } from 'htmlparser2';
import { CleanCounter } from './clean-counter';

/** Elements whose content is code or invisible, never text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'object', 'iframe']);
const CODE = new Set(['script', 'style']);

/**
 * Phrasing elements that sit inside a line of text. Every other element starts a new block, so
 * `<p>a</p><p>b</p>` reads "a b" rather than "ab".
 */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'label',
  'big',
  'tt',
  'strike',
  'nobr',
]);

export interface HtmlCount {
  chars: number;
  /** `<script>` and `<style>` elements dropped, and the characters of code in them. */
  codeElements: number;
  codeChars: number;
}

/**
 * Streams HTML text through htmlparser2 into a {@link CleanCounter}: entities decoded, markup,
 * comments and hidden elements dropped, block elements separated by a space.
 */
export class HtmlTextCounter {
  private readonly counter: CleanCounter;
  private readonly parser: Parser;
  private hiddenDepth = 0;
  private codeElements = 0;
  private codeChars = 0;

  constructor(counter: CleanCounter = new CleanCounter()) {
    this.counter = counter;
    this.parser = new Parser(
      {
        onopentag: (name) => {
          if (HIDDEN.has(name)) {
            this.hiddenDepth++;
            if (CODE.has(name)) this.codeElements++;
          } else if (!INLINE.has(name)) this.counter.boundary();
        },
        onclosetag: (name) => {
          if (HIDDEN.has(name)) this.hiddenDepth = Math.max(0, this.hiddenDepth - 1);
          else if (!INLINE.has(name)) this.counter.boundary();
        },
        ontext: (text) => {
          if (this.hiddenDepth > 0) this.codeChars += text.length;
          else this.counter.push(text);
        },
      },
      { decodeEntities: true, lowerCaseTags: true },
    );
  }

  write(html: string): void {
    this.parser.write(html);
  }

  end(): HtmlCount {
    this.parser.end();
    return { chars: this.counter.chars, codeElements: this.codeElements, codeChars: this.codeChars };
  }
}

/** Characters of cleaned visible text in an HTML fragment (help-center article bodies, thread bodies). */
export function htmlChars(html: string): number {
  const counter = new HtmlTextCounter();
  counter.write(html);
  return counter.end().chars;
}
