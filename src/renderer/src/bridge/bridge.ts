import type { CuefinderBridge } from '../../../shared/contract';
import { createBrowserBridge } from './browserBridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly cuefinder?: CuefinderBridge;
  }
}

/** The host's bridge: Electron's preload when present, else browser mode over HTTP and WebSocket. */
export function getBridge(): CuefinderBridge {
  return window.cuefinder ?? createBrowserBridge();
}
