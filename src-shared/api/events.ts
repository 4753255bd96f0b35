import type { OverviewEvents } from './overview';
import type { LedgerEvents } from './ledger';
import type { ReferralEvents } from './referrals';
import type { SettingsEvents } from './settings';
import type { SyncEvents } from './sync';
import type { JobEvents } from './jobs';
import type { NoneLeft } from './method';

/**
 * Live events main pushes to the renderer, merged from the domains. Payloads are views; subscribers
 * re-query what they show. Type-only imports: the preload bundles this file and must stay free of zod.
 */
export interface Events
  extends OverviewEvents, LedgerEvents, ReferralEvents, SettingsEvents, SyncEvents, JobEvents {}
export type EventName = keyof Events;
export const EVENT_NAMES = [
  'balanceChanged',
  'ledgerChanged',
  'syncStatus',
  'jobProgress',
  'alertRaised',
  'settingsChanged',
  'referralsChanged',
] as const satisfies readonly EventName[];

/** An event left out of EVENT_NAMES (the preload would not deliver it) fails to compile here, by name. */
export type UnlistedEvents = NoneLeft<Exclude<EventName, (typeof EVENT_NAMES)[number]>>;

/** `onBalanceChanged`, `onJobProgress`, ... as exposed on window.creditdesk. */
export type EventSubscriberName<E extends EventName> = `on${Capitalize<E>}`;
export const subscriberName = <E extends EventName>(event: E): EventSubscriberName<E> =>
  `on${event[0]!.toUpperCase()}${event.slice(1)}` as EventSubscriberName<E>;
