/**
 * The UI's icons, drawn as inline SVG: symbol glyphs (⧖, 📁, ✂ …) depend on the fonts a system has
 * and show as empty boxes where it lacks them (Debian's Chromium without emoji fonts, say). Every
 * icon is decorative (aria-hidden): the control around it carries the words.
 */

export type IconName =
  | 'play'
  | 'pause'
  | 'stop'
  | 'check'
  | 'cross'
  | 'star'
  | 'scissors'
  | 'join'
  | 'fade'
  | 'dissolve'
  | 'folder'
  | 'note'
  | 'continues'
  | 'undo'
  | 'redo'
  | 'restore'
  | 'proxy';

const PATHS: Record<IconName, React.JSX.Element> = {
  play: <path d="M4 2.5v11l9-5.5z" fill="currentColor" />,
  pause: <path d="M4 2.5h3v11H4zM9 2.5h3v11H9z" fill="currentColor" />,
  stop: <path d="M3.5 3.5h9v9h-9z" fill="currentColor" />,
  check: <path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />,
  cross: <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />,
  star: <path d="M8 1.5l1.9 4.1 4.5.5-3.3 3.1.9 4.4L8 11.4l-4 2.2.9-4.4L1.6 6.1l4.5-.5z" fill="currentColor" />,
  scissors: (
    <g fill="none" stroke="currentColor" strokeWidth="1.5">
      <circle cx="4" cy="12" r="2" />
      <circle cx="12" cy="12" r="2" />
      <path d="M5.4 10.6L12 2M10.6 10.6L4 2" strokeLinecap="round" />
    </g>
  ),
  join: <path d="M2 8h5M14 8H9M5 5l3 3-3 3M11 5L8 8l3 3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  fade: (
    <g>
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor" />
    </g>
  ),
  dissolve: <path d="M2 13L14 3M2 3h5v5H2zM9 8h5v5H9z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />,
  folder: <path d="M1.5 4v8.5h13V5.5H7.5L6 4z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />,
  note: <path d="M6 12.5a2 2 0 1 1-2-2 2 2 0 0 1 2 2zM6 12.5V3l7-1.5V11M13 11a2 2 0 1 1-2-2 2 2 0 0 1 2 2z" fill="none" stroke="currentColor" strokeWidth="1.5" />,
  continues: <path d="M3 2v6h9M9 5l3 3-3 3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  undo: <path d="M5 3L2 6l3 3M2 6h7.5a4 4 0 0 1 0 8H6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  redo: <path d="M11 3l3 3-3 3M14 6H6.5a4 4 0 0 0 0 8H10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  restore: <path d="M3 8a5 5 0 1 0 1.5-3.5M3 2v3h3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />,
  proxy: <path d="M2 4h9v8H2zM11 7l3-2v6l-3-2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />,
};

export function Icon({ name, size = 14, className }: { name: IconName; size?: number; className?: string }): React.JSX.Element {
  return (
    <svg className={`icon${className ? ` ${className}` : ''}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false" data-icon={name}>
      {PATHS[name]}
    </svg>
  );
}
