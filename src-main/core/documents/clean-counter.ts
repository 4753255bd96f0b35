import { countChars } from '../../../src-shared/pricing/text';

/**
 * Counts the characters `cleanText` would leave in a text that arrives in pieces (PDF pages,
 * decoded slices of a large file, HTML text nodes) without ever holding the whole text.
 *
 * The result equals `countChars(cleanText(allPiecesJoined))`. Pieces are cut after their last
 * whitespace so a base letter and its combining mark are always normalised together; whitespace
 * is a normalisation boundary, so NFC of the parts equals NFC of the whole.
 */
export class CleanCounter {
  private count = 0;
  private started = false;
  private pendingSpace = false;
  private carry = '';

  /** A long run with no whitespace is flushed anyway so memory stays bounded. */
  private static readonly MAX_CARRY = 64 * 1024;

  push(piece: string): void {
    if (piece.length === 0) return;
    const text = this.carry + piece;
    const cut = lastWhitespaceEnd(text);
    if (cut < 0 && text.length < CleanCounter.MAX_CARRY) {
      this.carry = text;
      return;
    }
    const end = cut < 0 ? text.length : cut;
    this.carry = text.slice(end);
    this.add(text.slice(0, end));
  }

  /** Inserts a word boundary, e.g. between two PDF pages or around a block element. */
  boundary(): void {
    this.push(' ');
  }

  /** Characters so far, as if the text ended here. */
  get chars(): number {
    if (this.carry.length === 0) return this.count;
    const probe = new CleanCounter();
    probe.count = this.count;
    probe.started = this.started;
    probe.pendingSpace = this.pendingSpace;
    probe.add(this.carry);
    return probe.count;
  }

  private add(segment: string): void {
    const collapsed = segment.normalize('NFC').replace(/\s+/gu, ' ');
    let body = collapsed;
    const lead = body.startsWith(' ');
    if (lead) body = body.slice(1);
    const trail = body.endsWith(' ');
    if (trail) body = body.slice(0, -1);
    if (body.length === 0) {
      if (lead || trail) this.pendingSpace = this.started;
      return;
    }
    if (this.started && (this.pendingSpace || lead)) this.count += 1;
    this.count += countChars(body);
    this.started = true;
    this.pendingSpace = trail;
  }
}

/** Index just after the last whitespace character, or −1 when there is none. */
function lastWhitespaceEnd(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    if (/\s/u.test(text[i]!)) return i + 1;
  }
  return -1;
}
