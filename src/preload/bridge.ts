import type { IpcRenderer, IpcRendererEvent } from 'electron';
import {
  createServiceClient,
  ipcChannel,
  IPC_EVENT_CHANNEL,
  MEDIA_SCHEME,
  mediaPath,
  unwrapResponse,
  type AppEvent,
  type CuefinderBridge,
  type ServiceResponse,
} from '../shared/contract';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Electron's end of the contract, generated from SERVICE_METHODS: each method invokes its own
 * channel and unwraps the ServiceResponse (a failure rejects with the service's sentence). The
 * renderer never sees ipcRenderer itself.
 */
export function createPreloadBridge(ipc: IpcRendererLike): CuefinderBridge {
  return {
    services: createServiceClient(async (service, method, args) => unwrapResponse((await ipc.invoke(ipcChannel(service, method), ...args)) as ServiceResponse)),
    onEvent(listener) {
      const relay = (_event: IpcRendererEvent, appEvent: AppEvent): void => listener(appEvent);
      ipc.on(IPC_EVENT_CHANNEL, relay);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, relay);
      };
    },
    mediaUrl: (ref) => `${MEDIA_SCHEME}://${mediaPath(ref)}`,
  };
}
