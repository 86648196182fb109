/// <reference types="electron-vite/node" />
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, utilityProcess } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createServiceClient,
  IPC_EVENT_CHANNEL,
  MEDIA_SCHEME,
  unwrapResponse,
  type AppEvent,
  type CuefinderServices,
  type FolderPurpose,
  type ShellService,
} from '../../shared/contract';
import { defaultDbPath } from '../engine/appPaths';
import { createDispatcher } from '../services/dispatcher';
import { basicErrorData } from '../services/serviceFailure';
import suggestWorkerPath from '../services/suggestWorker?modulePath';
import serviceHostPath from './serviceHost?modulePath';
import { menuTemplate } from './appMenu';
import { EngineHost } from './engineHost';
import type { HostConfig } from './hostProtocol';
import { registerIpcHandlers } from './ipcMainBridge';
import { answerMediaRequest } from './mediaProtocol';

/**
 * The Electron shell: one window, the application menu, native folder dialogs and the IPC
 * handlers generated from the contract. Everything else (database, jobs, media lookup) runs in the
 * engine utility process; main only relays calls and events.
 */
export function runShell(mainDir: string): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
  const rendererFile = join(mainDir, '..', 'renderer', 'index.html');
  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  const config: HostConfig = {
    dbPath: defaultDbPath(),
    modelDir: app.isPackaged ? join(process.resourcesPath, 'models', 'default') : join(app.getAppPath(), 'resources', 'models', 'default'),
    encodersDir: app.isPackaged ? join(process.resourcesPath, 'encoders') : join(app.getAppPath(), 'resources', 'encoders'),
    workerScript: join(mainDir, 'analysisWorker.js'),
    suggestWorkerScript: suggestWorkerPath,
  };
  const engine = new EngineHost(() => utilityProcess.fork(serviceHostPath, [JSON.stringify(config)], { serviceName: 'Cuefinder engine', stdio: 'inherit' }));
  let window: BrowserWindow | null = null;

  const pickFolder = async (purpose: FolderPurpose): Promise<string | null> => {
    const title = purpose === 'project' ? 'Open a project (the folder with the footage)' : 'Open your music library (the folder with your music)';
    const options: Electron.OpenDialogOptions = { title, properties: ['openDirectory'] };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const shell: ShellService = {
    capabilities: async () => ({ host: 'electron', nativeDialogs: true }),
    pickFolder,
  };
  // The renderer's calls: shell answered here, everything else forwarded to the engine.
  const remote = createServiceClient(async (service, method, args) => unwrapResponse(await engine.invoke({ service, method, args })));
  const services: CuefinderServices = { ...remote, shell };
  const dispatch = createDispatcher(services, basicErrorData);

  const send = (event: AppEvent): void => window?.webContents.send(IPC_EVENT_CHANNEL, event);
  const openFolder = async (purpose: FolderPurpose, dir?: string): Promise<void> => {
    const chosen = dir ?? (await pickFolder(purpose));
    if (!chosen) return;
    const response = await dispatch({ service: purpose === 'project' ? 'project' : 'library', method: 'open', args: [chosen] });
    if (!response.ok) dialog.showErrorBox('Cuefinder', response.error.message);
  };
  const buildMenu = async (): Promise<void> => {
    const state = await dispatch({ service: 'app', method: 'state', args: [] });
    const recent = state.ok ? (state.value as { recentProjects: string[] }).recentProjects : [];
    const actions = {
      openProject: () => void openFolder('project'),
      openLibrary: () => void openFolder('library'),
      openRecent: (dir: string) => void openFolder('project', dir),
      exportCut: () => send({ type: 'command', command: 'export' }),
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, recent, process.platform === 'darwin')));
  };
  engine.onEvent((event) => {
    send(event);
    if (event.type === 'changed' && event.what === 'state') void buildMenu();
  });

  const isTrustedSender = (url: string): boolean => (rendererUrl ? url.startsWith(rendererUrl) : url === pathToFileURL(rendererFile).href);

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 1024,
      minHeight: 640,
      title: 'Cuefinder',
      backgroundColor: '#14171c',
      webPreferences: { preload: join(mainDir, '..', 'preload', 'index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (e, url) => {
      if (!isTrustedSender(url)) e.preventDefault();
    });
    if (rendererUrl) void win.loadURL(rendererUrl);
    else void win.loadFile(rendererFile);
    win.on('closed', () => {
      if (window === win) window = null;
    });
    return win;
  };

  void app.whenReady().then(() => {
    protocol.handle(MEDIA_SCHEME, (request) => answerMediaRequest(request, (ref) => engine.resolveMedia(ref)));
    registerIpcHandlers(ipcMain, dispatch, isTrustedSender);
    void buildMenu();
    window = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => engine.dispose());
}
