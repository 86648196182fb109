/**
 * Who gets a key press: the app's shortcuts or the focused element. One rule for the whole UI:
 *
 * - While typing in a text field, every key is the field's.
 * - A control reached with Tab (or Shift+Tab) keeps the keys it uses: Space and Enter press a
 *   button, arrows move a slider or a select. That is how a keyboard user operates it.
 * - A control focused any other way (a mouse click, focus given back by a closing dialog) does not:
 *   the editor clicked a tile or a button and now expects Enter to accept and Space to play.
 *
 * The focus origin is tracked from Tab key presses: a focus change right after Tab came from the
 * keyboard. Chromium's own :focus-visible heuristic is not used because it flips to "keyboard" on
 * any key press, so it cannot tell a clicked tile from a tabbed one at the moment a key arrives.
 */

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);
/** A focus change this soon after Tab is the Tab's. */
const TAB_FOCUS_MS = 150;

let lastTabAt = -Infinity;
let keyboardFocused: Element | null = null;
let installed = false;

/** Starts tracking how focus moves; idempotent. */
export function trackFocusOrigin(): void {
  if (installed) return;
  installed = true;
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Tab') lastTabAt = performance.now();
    },
    true,
  );
  window.addEventListener(
    'focusin',
    (e) => {
      keyboardFocused = performance.now() - lastTabAt < TAB_FOCUS_MS ? (e.target as Element) : null;
    },
    true,
  );
}

export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el.closest('textarea, [contenteditable=""], [contenteditable="true"]')) return true;
  return el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type);
}

/** The keys a control acts on when it has keyboard focus. */
function controlUses(el: Element, key: string): boolean {
  if (el instanceof HTMLSelectElement) return [' ', 'Enter', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(key);
  if (el instanceof HTMLInputElement && el.type === 'range') return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(key);
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return key === ' ' || (el.type === 'radio' && key.startsWith('Arrow'));
  if (el.closest('button, summary, a[href], [role="button"]')) return key === ' ' || key === 'Enter';
  return false;
}

/**
 * True when the app's shortcuts should act on this key press: not while typing, not inside a
 * dialog, and not a key that a control the editor tabbed to uses itself.
 */
export function isAppKey(e: KeyboardEvent): boolean {
  const target = e.target instanceof Element ? e.target : null;
  if (!target || target === document.body) return true;
  if (isTextField(target) || target.closest('dialog')) return false;
  return !(keyboardFocused === target && controlUses(target, e.key));
}
