import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SUBJECTS = [
  'Refund for bundle',
  'Chatbot stopped answering',
  'Invoice copy',
  'Label limits',
  'Café question',
];

/** One ticket in the shape of Zendesk's incremental export; every 10th is deleted. */
export function ticketLine(i: number): string {
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  return JSON.stringify({
    url: `https://acme.zendesk.com/api/v2/tickets/${i + 1}.json`,
    id: i + 1,
    external_id: null,
    via: { channel: i % 3 === 0 ? 'email' : 'web', source: { from: {}, to: {}, rel: null } },
    created_at: '2024-03-01T09:00:00Z',
    updated_at: '2024-03-02T09:00:00Z',
    type: 'question',
    subject,
    raw_subject: subject,
    description: `Ticket ${i + 1}: hello, our credits ran out after ${i % 97} replies.  Please advise.`,
    priority: 'normal',
    status: i % 10 === 9 ? 'deleted' : 'solved',
    requester_id: 1000 + (i % 5000),
    submitter_id: 1000 + (i % 5000),
    assignee_id: 7,
    group_id: 3,
    tags: ['billing', 'credits'],
    custom_fields: [{ id: 360001, value: null }],
  });
}

/** Expected totals for `count` tickets, computed per ticket with the same rules as the counter. */
export async function writeZendeskExport(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  let batch = '';
  for (let i = 0; i < count; i++) {
    batch += ticketLine(i) + '\n';
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}
