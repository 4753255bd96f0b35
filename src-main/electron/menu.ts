import { Menu, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Core } from '../core/app';

/** The native menu: import usage, export the ledger, quit. Dialogs live here; the work is in core. */
export function installMenu(core: Core, getWindow: () => BrowserWindow | null): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Import usage…',
          accelerator: 'CmdOrCtrl+I',
          click: async () => {
            const window = getWindow();
            const options = {
              title: 'Import usage',
              properties: ['openFile' as const],
              filters: [{ name: 'Usage (CSV, NDJSON)', extensions: ['csv', 'ndjson', 'jsonl', 'json'] }],
            };
            const picked = window
              ? await dialog.showOpenDialog(window, options)
              : await dialog.showOpenDialog(options);
            const path = picked.filePaths[0];
            if (picked.canceled || !path) return;
            const result = await core.importUsageFile(path);
            await dialog.showMessageBox({
              type: result.errorCount > 0 ? 'warning' : 'info',
              message: `Imported ${result.imported} of ${result.rows} rows`,
              detail: [
                `${result.duplicates} already in the ledger.`,
                result.errorCount > 0
                  ? `${result.errorCount} rows rejected, first: line ${result.errors[0]?.line}: ${result.errors[0]?.message}`
                  : '',
              ].join('\n'),
            });
          },
        },
        {
          label: 'Export ledger…',
          accelerator: 'CmdOrCtrl+E',
          click: async () => {
            const saved = await dialog.showSaveDialog({
              title: 'Export ledger',
              defaultPath: 'creditdesk-ledger.csv',
              filters: [{ name: 'CSV', extensions: ['csv'] }],
            });
            if (saved.canceled || !saved.filePath) return;
            const rows = await core.exportLedgerToFile(saved.filePath);
            await dialog.showMessageBox({ type: 'info', message: `Exported ${rows} ledger entries.` });
          },
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
