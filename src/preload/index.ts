import { contextBridge } from 'electron';

// The renderer gets the typed service contract and nothing else: no ipcRenderer, fs or SQL.
contextBridge.exposeInMainWorld('cuefinder', { version: '0.1.0' });
