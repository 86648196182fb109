import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './bridge';

// The renderer gets the typed service contract and nothing else: no ipcRenderer, fs or SQL.
contextBridge.exposeInMainWorld('cuefinder', createPreloadBridge(ipcRenderer));
