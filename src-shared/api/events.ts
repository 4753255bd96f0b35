import type * as V from './views';

/** Live events main pushes to the renderer. Payloads are views; subscribers re-query what they show. */
export interface Events {
  balanceChanged: V.BalanceView;
  ledgerChanged: { entries: number; latestIds: string[] };
  syncStatus: V.SyncStatusView;
  jobProgress: V.JobProgress;
  alertRaised: V.AlertView;
  settingsChanged: V.SettingsView;
  referralsChanged: { count: number };
}
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

/** `onBalanceChanged`, `onJobProgress`, ... as exposed on window.creditdesk. */
export type EventSubscriberName<E extends EventName> = `on${Capitalize<E>}`;
export const subscriberName = <E extends EventName>(event: E): EventSubscriberName<E> =>
  `on${event[0]!.toUpperCase()}${event.slice(1)}` as EventSubscriberName<E>;
