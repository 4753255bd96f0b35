import { ipcMain, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { PRELOAD_METHOD_NAMES } from '../../src-shared/api/names';
import { methodChannel, EVENT_CHANNEL } from '../../src-shared/api/client';
import { ApiError } from '../../src-shared/api/errors';
import type { Dispatch } from '../core/api/dispatcher';
import type { EventBus } from '../core/events';
import { isTrustedSender } from '../core/security/policy';

/**
 * One registration path for every IPC handler: the channel comes from the contract, and the sender
 * must be the app's own top-level frame before the dispatcher (which validates the input) runs.
 */
export function bindIpc(dispatch: Dispatch, events: EventBus): () => void {
  for (const name of PRELOAD_METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null,
      );
      if (!trusted)
        return { ok: false, error: new ApiError('forbidden', 'Refused: not the app window.').toJSON() };
      return dispatch(name, input, { transport: 'ipc' });
    });
  }
  const unsubscribe = events.subscribe((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { event, payload });
    }
  });
  return () => {
    unsubscribe();
    for (const name of PRELOAD_METHOD_NAMES) ipcMain.removeHandler(methodChannel(name));
  };
}
