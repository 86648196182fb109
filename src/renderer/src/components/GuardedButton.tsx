import { useId, type ReactNode } from 'react';

interface GuardedButtonProps {
  /** Why the action cannot run now; null when it can. */
  blocked: string | null;
  onClick(): void;
  /** Told the reason when the editor tries anyway (a click, or the button's key). */
  onBlocked(reason: string): void;
  className?: string;
  keyshortcuts?: string;
  testId?: string;
  children: ReactNode;
}

/**
 * A button that says why it cannot act: it stays focusable (aria-disabled, not disabled, so a
 * keyboard or screen-reader user can reach the reason), shows the reason as its tooltip and
 * description, and a press explains instead of acting.
 */
export function GuardedButton({ blocked, onClick, onBlocked, className, keyshortcuts, testId, children }: GuardedButtonProps): React.JSX.Element {
  const reasonId = useId();
  return (
    <button
      type="button"
      className={`${className ?? ''}${blocked ? ' blocked' : ''}`}
      aria-disabled={blocked ? 'true' : undefined}
      aria-describedby={blocked ? reasonId : undefined}
      aria-keyshortcuts={keyshortcuts}
      title={blocked ?? undefined}
      data-testid={testId}
      onClick={() => (blocked ? onBlocked(blocked) : onClick())}
    >
      {children}
      {blocked && (
        <span id={reasonId} className="visually-hidden">
          {blocked}
        </span>
      )}
    </button>
  );
}
