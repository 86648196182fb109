import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, SERVICE_METHODS, type ServiceName, type ServiceResponse } from '../../shared/contract';
import type { Dispatch } from '../services/dispatcher';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/**
 * One ipcMain handler per contract method, generated from SERVICE_METHODS (channel
 * `cuefinder:<service>.<method>`), each answering with a ServiceResponse. Calls from a frame that
 * is not our renderer are refused. Returns the function that removes the handlers.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, dispatch: Dispatch, isTrustedSender: (frameUrl: string) => boolean): () => void {
  const channels: string[] = [];
  for (const [service, methods] of Object.entries(SERVICE_METHODS) as [ServiceName, readonly string[]][]) {
    for (const method of methods) {
      const channel = ipcChannel(service, method);
      ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<ServiceResponse> => {
        if (!isTrustedSender(event.senderFrame?.url ?? '')) return { ok: false, error: { code: 'forbidden', message: 'Only the Cuefinder window may call Cuefinder.' } };
        return dispatch({ service, method, args });
      });
      channels.push(channel);
    }
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
