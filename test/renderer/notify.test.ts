import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifyAlert } from '../../src-renderer/src/lib/notify';

const alert = {
  id: 'alert:1',
  cycleStart: 0,
  threshold: 80,
  triggeredAt: 0,
  usedMillicredits: 800_000,
  grantMillicredits: 1_000_000,
};

/** A browser's Notification and localStorage, as far as notifyAlert uses them. */
function fakeBrowser(permission: NotificationPermission, answer: NotificationPermission) {
  const shown: { title: string; body?: string; tag?: string }[] = [];
  const requestPermission = vi.fn(async () => {
    FakeNotification.permission = answer;
    return answer;
  });
  class FakeNotification {
    static permission: NotificationPermission = permission;
    static requestPermission = requestPermission;
    constructor(title: string, options: NotificationOptions) {
      shown.push({ title, body: options.body, tag: options.tag });
    }
  }
  const store = new Map<string, string>();
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  });
  return { shown, requestPermission };
}

afterEach(() => vi.unstubAllGlobals());

describe('alerts as desktop notifications', () => {
  it('asks for permission once; refused, later alerts do not ask again and show nothing', async () => {
    const browser = fakeBrowser('default', 'default');
    await notifyAlert(alert);
    await notifyAlert({ ...alert, id: 'alert:2', threshold: 100 });
    expect(browser.requestPermission).toHaveBeenCalledTimes(1);
    expect(browser.shown).toEqual([]);
  });

  it('granted on asking: this alert and the next are shown, each naming its cause', async () => {
    const browser = fakeBrowser('default', 'granted');
    await notifyAlert(alert);
    await notifyAlert({ ...alert, id: 'alert:2', threshold: 100, usedMillicredits: 1_000_000 });
    expect(browser.requestPermission).toHaveBeenCalledTimes(1);
    expect(browser.shown.map((n) => [n.title, n.tag])).toEqual([
      ['Creditdesk: 80% of the monthly credits used', 'alert:1'],
      ['Creditdesk: 100% of the monthly credits used', 'alert:2'],
    ]);
    expect(browser.shown[0]!.body).toMatch(/^800 of 1,000 credits of this cycle are used/);
  });

  it('without the Notification API nothing happens (the toast is the alert)', async () => {
    await expect(notifyAlert(alert)).resolves.toBeUndefined();
  });
});
