import { useCallback, useState } from 'react';

/**
 * A small UI preference kept between runs in this window's localStorage (chart open, mix levels).
 * A missing, unreadable or differently typed value falls back to `initial`.
 */
export function useStoredState<T extends boolean | number | string>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      const parsed = raw === null ? null : (JSON.parse(raw) as unknown);
      return typeof parsed === typeof initial ? (parsed as T) : initial;
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the preference lasts for this run only.
      }
    },
    [key],
  );
  return [value, set];
}
