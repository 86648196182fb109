import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, IPC_EVENT_CHANNEL, SERVICE_METHODS, type AppEvent, type CuefinderBridge, type CuefinderServices, type ServiceResponse } from '../../../src/shared/contract';
import { createDispatcher } from '../../../src/main/services/dispatcher';
import { toErrorData } from '../../../src/main/services/serviceErrors';
import { ServiceFailure } from '../../../src/main/services/serviceFailure';
import { registerIpcHandlers, type IpcMainLike } from '../../../src/main/electron/ipcMainBridge';

/**
 * The Electron transport without Electron: a fake ipcMain and a fake ipcRenderer joined back to
 * back, the real preload bridge exposed through a fake contextBridge, and the handlers generated
 * from the contract in main.
 */

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<ServiceResponse>;
const RENDERER = 'file:///app/out/renderer/index.html';

const fake = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const exposed = new Map<string, unknown>();
  let senderUrl = 'file:///app/out/renderer/index.html';
  return {
    handlers,
    exposed,
    rendererListeners,
    setSender: (url: string) => (senderUrl = url),
    ipcMain: {
      handle: (channel: string, h: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, h);
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        const h = handlers.get(channel);
        if (!h) throw new Error(`No handler registered for '${channel}'`);
        // Structured clone, as Electron does between processes.
        return structuredClone(await h({ senderFrame: { url: senderUrl } }, ...structuredClone(args)));
      },
      on: (channel: string, l: (event: unknown, payload: unknown) => void) => {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
        rendererListeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: (event: unknown, payload: unknown) => void) => rendererListeners.get(channel)?.delete(l),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  };
});

vi.mock('electron', () => ({ ipcMain: fake.ipcMain, ipcRenderer: fake.ipcRenderer, contextBridge: fake.contextBridge }));

const calls: { service: string; method: string; args: unknown[] }[] = [];

/** Services that record their calls; project.open refuses relative paths like the real one. */
function recordingServices(): CuefinderServices {
  const services = {} as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;
  for (const [service, methods] of Object.entries(SERVICE_METHODS)) {
    services[service] = Object.fromEntries(
      methods.map((method) => [
        method,
        async (...args: unknown[]) => {
          calls.push({ service, method, args });
          if (service === 'project' && method === 'open' && !String(args[0]).startsWith('/')) {
            throw new ServiceFailure('invalid-argument', `Give the project folder as a full path, not "${args[0]}".`);
          }
          if (service === 'jobs' && method === 'list') throw new Error('disk on fire');
          return { service, method, args };
        },
      ]),
    );
  }
  return services as unknown as CuefinderServices;
}

let unregister: () => void;
let bridge: CuefinderBridge;

beforeEach(async () => {
  fake.handlers.clear();
  fake.exposed.clear();
  calls.length = 0;
  fake.setSender(RENDERER);
  unregister = registerIpcHandlers(fake.ipcMain as unknown as IpcMainLike, createDispatcher(recordingServices(), toErrorData), (url) => url === RENDERER);
  vi.resetModules();
  await import('../../../src/preload/index');
  bridge = fake.exposed.get('cuefinder') as CuefinderBridge;
});

describe('Electron IPC generated from the contract', () => {
  it('registers exactly one channel per contract method, and removes them again', () => {
    const expected = Object.entries(SERVICE_METHODS).flatMap(([s, ms]) => ms.map((m) => ipcChannel(s as keyof CuefinderServices, m)));
    expect([...fake.handlers.keys()].sort()).toEqual(expected.sort());
    unregister();
    expect(fake.handlers.size).toBe(0);
  });

  it('exposes to the renderer only the contract, events and media URLs', () => {
    expect([...fake.exposed.keys()]).toEqual(['cuefinder']);
    expect(Object.keys(bridge).sort()).toEqual(['mediaUrl', 'onEvent', 'services']);
    for (const [service, methods] of Object.entries(SERVICE_METHODS)) {
      expect(Object.keys((bridge.services as unknown as Record<string, object>)[service]).sort()).toEqual([...methods].sort());
    }
    expect(JSON.stringify(bridge)).not.toMatch(/ipcRenderer|invoke|send/);
  });

  it('carries a call and its arguments to the service and its value back', async () => {
    const result = await bridge.services.suggestions.rate(12, 34, 5);
    expect(calls).toEqual([{ service: 'suggestions', method: 'rate', args: [12, 34, 5] }]);
    expect(result).toEqual({ service: 'suggestions', method: 'rate', args: [12, 34, 5] });
  });

  it('turns a service failure into a rejection with the service’s sentence', async () => {
    await expect(bridge.services.project.open('footage')).rejects.toThrow('Give the project folder as a full path, not "footage".');
    await expect(bridge.services.jobs.list()).rejects.toThrow('Something went wrong inside Cuefinder: disk on fire.');
  });

  it('refuses calls from a frame that is not the Cuefinder renderer', async () => {
    fake.setSender('https://evil.example/');
    await expect(bridge.services.app.state()).rejects.toThrow('Only the Cuefinder window may call Cuefinder.');
    expect(calls).toEqual([]);
  });

  it('relays events to subscribers until they unsubscribe', () => {
    const seen: AppEvent[] = [];
    const unsubscribe = bridge.onEvent((e) => seen.push(e));
    const emit = (e: AppEvent): void => fake.rendererListeners.get(IPC_EVENT_CHANNEL)?.forEach((l) => l({}, e));
    emit({ type: 'changed', what: 'project' });
    unsubscribe();
    emit({ type: 'changed', what: 'library' });
    expect(seen).toEqual([{ type: 'changed', what: 'project' }]);
  });

  it('names media by kind and id on the custom scheme, never by path', () => {
    expect(bridge.mediaUrl({ kind: 'video', id: 7 })).toBe('cuefinder-media://media/video/7');
    expect(bridge.mediaUrl({ kind: 'thumb', id: 3 })).toBe('cuefinder-media://media/thumb/3');
    expect(bridge.mediaUrl({ kind: 'thumb', id: 3, rev: '2:0-75' })).toBe('cuefinder-media://media/thumb/3?rev=2%3A0-75');
  });
});
