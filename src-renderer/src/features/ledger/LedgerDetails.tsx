import type { ReactNode } from 'react';
import type { LedgerRow } from '../../../../src-shared/api';
import { ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { useLedgerStore } from './ledger-store';
import { Icon } from '../../components/Icon';
import { TermHelp } from '../../components/TermHelp';
import {
  formatCredits,
  formatDateTime,
  formatDateTimeSeconds,
  formatMoney,
  formatSignedCredits,
  groupNumbersInText,
} from '../../lib/format';
import { BUCKET_LABELS, KIND_LABELS, SOURCE_LABELS } from './labels';

/** A pricing input as people read it: "autoDraftAll" → "Auto draft all". */
const inputName = (key: string): string =>
  key === 'kind' ? 'Action' : key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

const inputValue = (key: string, value: unknown): string => {
  if (key === 'kind' && typeof value === 'string' && value in ACTION_LABELS)
    return ACTION_LABELS[value as keyof typeof ACTION_LABELS];
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return new Intl.NumberFormat().format(value);
  return String(value);
};

function Pair({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv-pair">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Why a usage entry cost what it did: rule, inputs and rate-card version. */
function PriceExplanation({ row }: { row: LedgerRow }) {
  return (
    <section className="explanation" aria-labelledby="price-explanation-title">
      <h3 id="price-explanation-title">Price explanation</h3>
      <p className="explanation-text" data-testid="price-explanation">
        {groupNumbersInText(row.explanation ?? '')}
      </p>
      <dl className="kv">
        <Pair label="Rule">
          {row.ruleId ? (
            <a href={`#/rate-card?rule=${encodeURIComponent(row.ruleId)}`} data-testid="rule-link">
              <code>{row.ruleId}</code>
              <span className="visually-hidden"> (open on the rate card)</span>
            </a>
          ) : (
            '—'
          )}
        </Pair>
        <Pair label="Rate card">
          <code>{row.rateCardVersion}</code>
        </Pair>
        {Object.entries(row.action ?? {}).map(([key, value]) => (
          <Pair key={key} label={inputName(key)}>
            {inputValue(key, value)}
          </Pair>
        ))}
        {row.source && <Pair label="Source">{SOURCE_LABELS[row.source] ?? row.source}</Pair>}
      </dl>
    </section>
  );
}

/** The selected entry in full, with the corrections that apply to it. */
export function LedgerDetails({ onReverse }: { onReverse: (row: LedgerRow) => void }) {
  const row = useLedgerStore((s) => s.selected);
  const select = useLedgerStore((s) => s.select);
  if (!row) {
    return (
      <aside className="ledger-details ledger-details-empty" aria-label="Entry details" tabIndex={0}>
        <p>Select an entry to see how it was priced and to reverse it.</p>
        <p className="hint">In the table, ↑ ↓ move and Enter opens an entry.</p>
      </aside>
    );
  }
  return (
    // Focusable so keyboard users can scroll a long entry: the panel scrolls on its own.
    <aside className="ledger-details" aria-label="Entry details" data-testid="entry-details" tabIndex={0}>
      <div className="details-head">
        <div>
          <span className={`kind kind-${row.kind}`}>{KIND_LABELS[row.kind]}</span>
          <h2>{row.description}</h2>
        </div>
        <button
          type="button"
          className="btn btn-icon"
          aria-label="Close details"
          onClick={() => select(null)}
        >
          <Icon name="close" />
        </button>
      </div>
      <p className={`details-amount${row.amount < 0 ? ' negative' : row.amount > 0 ? ' positive' : ''}`}>
        {formatSignedCredits(row.amount)} <span className="unit">credits</span>
      </p>
      <dl className="kv">
        <Pair label="Occurred">{formatDateTimeSeconds(row.occurredAt)}</Pair>
        <Pair label="Recorded">{formatDateTimeSeconds(row.recordedAt)}</Pair>
        {row.bucket && (
          <Pair label="Bucket">
            {BUCKET_LABELS[row.bucket]} <TermHelp term="bucket" />
          </Pair>
        )}
        <Pair label="Machine">
          {row.machineName && <>{row.machineName} </>}
          <code>{row.machineId}</code>
        </Pair>
        <Pair label="Recorded by">
          {row.recordedBy ? (
            <>
              {row.recordedBy.label || 'unlabelled token'} <code>token {row.recordedBy.tokenId}</code>
            </>
          ) : (
            <span className="cell-muted">not synced with the team endpoint yet</span>
          )}
        </Pair>
        <Pair label="Entry id">
          <code className="wrap">{row.id}</code>
        </Pair>
        {row.reason && <Pair label="Reason">{row.reason}</Pair>}
        {row.usageId && (
          <Pair label="Reverses">
            <code className="wrap">{row.usageId}</code>
          </Pair>
        )}
        {row.priceMinor !== undefined && row.currency && (
          <Pair label="Price paid">{formatMoney(row.priceMinor, row.currency)}</Pair>
        )}
      </dl>
      {row.kind === 'usage' && <PriceExplanation row={row} />}
      {row.kind === 'usage' && row.refunds && row.refunds.length > 0 && (
        <div className="hint" data-testid="refunds">
          <p>
            Refunds: {formatCredits(-row.amount - (row.refundable ?? 0))} of {formatCredits(-row.amount)}{' '}
            credits given back.
          </p>
          <ul className="refund-list">
            {row.refunds.map((r) => (
              <li key={r.id}>
                {formatCredits(r.amount)} {r.amount === 1000 ? 'credit' : 'credits'} on{' '}
                {formatDateTime(r.occurredAt)}: {r.reason} <code className="wrap">{r.id}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {row.kind === 'usage' &&
        (row.reversedBy ? (
          <p className="hint" data-testid="reversed-note">
            Reversed by <code className="wrap">{row.reversedBy}</code>; its credits were refunded.
          </p>
        ) : row.amount < 0 ? (
          <>
            {row.refunds && row.refunds.length > 0 && (
              <p className="hint" data-testid="refundable-note">
                Still refundable: {formatCredits(row.refundable ?? -row.amount)} credits.
              </p>
            )}
            <button type="button" className="btn btn-secondary" onClick={() => onReverse(row)}>
              <Icon name="undo" /> Reverse this charge…
            </button>
          </>
        ) : null)}
    </aside>
  );
}
