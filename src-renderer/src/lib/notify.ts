import type { AlertView } from '../../../src-shared/api';
import { formatCredits } from './format';

/** Remembers on this computer that permission was asked, so the user is asked once. */
const ASKED_KEY = 'creditdesk.notifications.asked';

/** The alert in words: what crossed which threshold, and what to do about it. */
export function alertText(alert: AlertView): { title: string; body: string } {
  const used = `${formatCredits(alert.usedMillicredits)} of ${formatCredits(alert.grantMillicredits)} credits`;
  const next =
    alert.threshold >= 100
      ? 'The monthly credits are used up; buy a bundle or upgrade the tier so AI actions keep running.'
      : 'Buy a bundle or change the tier before the monthly credits run out.';
  return {
    title: `Creditdesk: ${alert.threshold}% of the monthly credits used`,
    body: `${used} of this cycle are used. ${next}`,
  };
}

/**
 * Shows an alert as a desktop notification (outside the window), asking for permission the first
 * time only. Without the Notification API, or when refused, the in-app toast is the alert.
 */
export async function notifyAlert(alert: AlertView): Promise<void> {
  if (typeof Notification === 'undefined') return;
  let permission = Notification.permission;
  if (permission === 'default' && localStorage.getItem(ASKED_KEY) === null) {
    localStorage.setItem(ASKED_KEY, String(Date.now()));
    try {
      permission = await Notification.requestPermission();
    } catch {
      return;
    }
  }
  if (permission !== 'granted') return;
  const { title, body } = alertText(alert);
  // The tag makes a repeated event for the same alert replace its notification, not stack.
  new Notification(title, { body, tag: alert.id });
}
