import { cleanText, countChars } from '../../../src-shared/pricing/text';
import { htmlChars } from '../documents/html-text';
import type { ExportFormat, SkippedCounts } from './types';

/**
 * What one exported record is worth. Field names follow the platforms' API objects (see
 * docs/decisions.md, "Estimators"): Zendesk tickets and Help Center articles, Help Scout Mailbox
 * API 2.0 conversations, Intercom conversations and articles.
 */
export type Classified =
  { kind: 'conversation' | 'article'; chars: number } | { kind: 'skip'; reason: keyof SkippedCounts };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The cleaned characters of a record's fields read as one text: each field is cleaned on its own
 * and fields are joined by one space, which is exactly what cleaning the joined text gives.
 */
class RecordText {
  private sum = 0;
  private blocks = 0;

  text(value: unknown): this {
    const s = str(value);
    if (s) this.add(countChars(cleanText(s)));
    return this;
  }

  /** An HTML field (article body, thread body): visible text only. Plain text skips the parser. */
  markup(value: unknown): this {
    const s = str(value);
    if (s) this.add(s.includes('<') || s.includes('&') ? htmlChars(s) : countChars(cleanText(s)));
    return this;
  }

  get chars(): number {
    return this.sum + Math.max(0, this.blocks - 1);
  }

  private add(chars: number): void {
    if (chars === 0) return;
    this.sum += chars;
    this.blocks++;
  }
}

export function classify(format: ExportFormat, record: Obj): Classified {
  switch (format) {
    case 'zendesk-tickets': {
      // Spam is deleted in Zendesk (and its requester suspended); deleted tickets stay in incremental exports with status "deleted".
      if (record.status === 'deleted') return { kind: 'skip', reason: 'deleted' };
      const subject = str(record.subject) || str(record.raw_subject);
      return { kind: 'conversation', chars: new RecordText().text(subject).text(record.description).chars };
    }
    case 'zendesk-articles': {
      if (record.draft === true) return { kind: 'skip', reason: 'draft' };
      return {
        kind: 'article',
        chars: new RecordText().text(record.title ?? record.name).markup(record.body).chars,
      };
    }
    case 'helpscout-conversations': {
      if (record.status === 'spam') return { kind: 'skip', reason: 'spam' };
      if (record.state === 'deleted') return { kind: 'skip', reason: 'deleted' };
      if (record.state === 'draft') return { kind: 'skip', reason: 'draft' };
      const text = new RecordText().text(record.subject);
      const threads =
        isObj(record._embedded) && Array.isArray(record._embedded.threads) ? record._embedded.threads : null;
      if (threads) {
        for (const t of threads) if (isObj(t)) text.markup(t.body);
      } else {
        // Without embedded threads the list API gives only the latest thread's preview.
        text.text(record.preview);
      }
      return { kind: 'conversation', chars: text.chars };
    }
    case 'intercom-conversations': {
      const text = new RecordText().text(record.title);
      if (isObj(record.source)) text.text(record.source.subject).markup(record.source.body);
      const parts = isObj(record.conversation_parts) ? record.conversation_parts.conversation_parts : null;
      if (Array.isArray(parts)) for (const p of parts) if (isObj(p)) text.markup(p.body);
      return { kind: 'conversation', chars: text.chars };
    }
    case 'intercom-articles': {
      if (record.state === 'draft') return { kind: 'skip', reason: 'draft' };
      return {
        kind: 'article',
        chars: new RecordText().text(record.title).text(record.description).markup(record.body).chars,
      };
    }
  }
}

/**
 * The format a record's own fields reveal, helped by the key of the array holding it in an API
 * response (`tickets`, `articles`, `_embedded.conversations`, `data`...).
 */
export function recordFormat(record: Obj, container: string | null = null): ExportFormat | null {
  if (
    record.type === 'conversation' ||
    'conversation_parts' in record ||
    ('source' in record && 'contacts' in record)
  ) {
    return 'intercom-conversations';
  }
  if (record.type === 'article' || (container === 'data' && 'parent_id' in record && 'body' in record)) {
    return 'intercom-articles';
  }
  if (
    'mailboxId' in record ||
    'primaryCustomer' in record ||
    container === '_embedded.conversations' ||
    (isObj(record._embedded) && 'threads' in record._embedded)
  ) {
    return 'helpscout-conversations';
  }
  if ('section_id' in record || /\/hc\//.test(str(record.html_url)) || container === 'articles') {
    return 'zendesk-articles';
  }
  if (
    'via' in record ||
    'requester_id' in record ||
    // The least a ticket export carries: Zendesk's subject and description (no other platform
    // names its first message "description" beside a subject).
    ('subject' in record && 'description' in record && !('title' in record)) ||
    container === 'tickets' ||
    /\/tickets\/\d+\.json/.test(str(record.url))
  ) {
    return 'zendesk-tickets';
  }
  return null;
}
