import { useCallback, useState } from 'react';
import { errorText } from '../format';

/**
 * What a notice is about. A notice stays until the editor dismisses it or the thing it is about
 * works again: each scope holds at most one notice (a newer error replaces the older one), and a
 * success in that scope clears it.
 */
export type NoticeScope = 'data' | 'folder' | 'scene' | 'picture' | 'action' | 'blocked';
// 'blocked' explains why a pressed action cannot run now; it goes after a few seconds or once the
// action can run.

export interface Notice {
  readonly id: number;
  readonly scope: NoticeScope;
  readonly text: string;
}

export interface Notices {
  readonly notices: readonly Notice[];
  report(err: unknown, scope?: NoticeScope): void;
  clear(scope: NoticeScope): void;
  dismiss(id: number): void;
}

let nextId = 1;
const BLOCKED_SHOWN_MS = 8000;

export function useNotices(): Notices {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const report = useCallback((err: unknown, scope: NoticeScope = 'action') => {
    const text = errorText(err);
    const id = nextId++;
    setNotices((all) => [...all.filter((n) => n.scope !== scope && n.text !== text), { id, scope, text }]);
    // Why an action could not run is an answer to that press, not a standing error.
    if (scope === 'blocked') setTimeout(() => setNotices((all) => all.filter((n) => n.id !== id)), BLOCKED_SHOWN_MS);
  }, []);
  // Returns the same array when nothing matches, so clearing on every success re-renders nothing.
  const clear = useCallback((scope: NoticeScope) => setNotices((all) => (all.some((n) => n.scope === scope) ? all.filter((n) => n.scope !== scope) : all)), []);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  return { notices, report, clear, dismiss };
}
