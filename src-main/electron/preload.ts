/**
 * The sandboxed preload: one frozen object of named methods built from the contract. No raw
 * ipcRenderer, no generic invoke(channel), no process — only what buildPreloadApi makes.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildPreloadApi } from '../core/api/preload-api';

contextBridge.exposeInMainWorld(
  'creditdesk',
  buildPreloadApi(
    {
      invoke: (channel, input) => ipcRenderer.invoke(channel, input),
      on: (channel, listener) => ipcRenderer.on(channel, listener),
    },
    (file) => webUtils.getPathForFile(file as File),
  ),
);
