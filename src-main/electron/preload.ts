import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('creditdesk', Object.freeze({}));
