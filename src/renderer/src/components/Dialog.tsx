import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { Icon } from './Icon';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Extra class for sizing. */
  className?: string;
  /** Focused when the dialog opens (else the browser's choice: its first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
}

/**
 * A modal on the native <dialog>: focus moves in and is trapped there, Escape closes it, and
 * focus returns to where it was when it closes.
 */
export function Dialog({ title, onClose, children, className, initialFocus }: DialogProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    initialFocus?.current?.focus();
    return () => {
      dialog.close();
      previous?.focus?.();
    };
    // Opened once, on mount; closed on unmount.
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <Icon name="cross" size={12} />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
