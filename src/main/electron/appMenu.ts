import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  openProject(): void;
  openLibrary(): void;
  openRecent(dir: string): void;
  exportCut(): void;
}

/** The application menu: the main job's entry points, recent projects, and the usual edit/view/window menus. */
export function menuTemplate(actions: MenuActions, recentProjects: readonly string[], isMac: boolean): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = recentProjects.length
    ? recentProjects.map((dir) => ({ label: `${basename(dir)} — ${dir}`, click: () => actions.openRecent(dir) }))
    : [{ label: 'No recent projects', enabled: false }];
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: actions.openProject },
        { label: 'Open Music Library…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openLibrary },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: actions.exportCut },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}
