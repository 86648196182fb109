import { useCallback, useRef, useState } from 'react';

/** One editor action that can be taken back and made again; both go through the services. */
export interface UndoEntry {
  /** What it did, for the Undo/Redo buttons ("reject “Night Drive”"). */
  readonly label: string;
  undo(): Promise<unknown>;
  redo(): Promise<unknown>;
}

export interface UndoHistory {
  /** The entry Undo takes back, and the one Redo makes again. */
  readonly undoable: UndoEntry | null;
  readonly redoable: UndoEntry | null;
  /** Records an action just made (it clears what could be redone). */
  push(entry: UndoEntry): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

const KEPT = 100;

/**
 * Undo and redo of the editor's decisions in this window. Each step waits for the one before it,
 * so that pressing Ctrl+Z three times takes back three actions in order; a step that fails is
 * dropped (its error is the caller's to show) and the history stays consistent.
 */
export function useUndo(onError: (err: unknown) => void): UndoHistory {
  const [past, setPast] = useState<readonly UndoEntry[]>([]);
  const [future, setFuture] = useState<readonly UndoEntry[]>([]);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const lists = useRef({ past, future });
  lists.current = { past, future };

  const push = useCallback((entry: UndoEntry) => {
    setPast((p) => [...p.slice(-(KEPT - 1)), entry]);
    setFuture([]);
  }, []);

  const step = useCallback(
    (from: 'past' | 'future') => {
      chain.current = chain.current.then(async () => {
        const list = lists.current[from];
        const entry = list[list.length - 1];
        if (!entry) return;
        const popped = list.slice(0, -1);
        const pushed = [...lists.current[from === 'past' ? 'future' : 'past'], entry];
        lists.current = from === 'past' ? { past: popped, future: pushed } : { past: pushed, future: popped };
        setPast(lists.current.past);
        setFuture(lists.current.future);
        try {
          await (from === 'past' ? entry.undo() : entry.redo());
        } catch (err) {
          // The step could not be made: it is gone from both lists.
          lists.current = from === 'past' ? { ...lists.current, future: lists.current.future.slice(0, -1) } : { ...lists.current, past: lists.current.past.slice(0, -1) };
          setPast(lists.current.past);
          setFuture(lists.current.future);
          onError(err);
        }
      });
      return chain.current;
    },
    [onError],
  );

  return {
    undoable: past[past.length - 1] ?? null,
    redoable: future[future.length - 1] ?? null,
    push,
    undo: useCallback(() => step('past'), [step]),
    redo: useCallback(() => step('future'), [step]),
  };
}
