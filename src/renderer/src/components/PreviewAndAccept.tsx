import { Icon } from './Icon';

interface PreviewAndAcceptProps {
  previewing: boolean;
  onPreview(): void;
  onAccept(): void;
  /** The track is taken already (Accept is disabled). */
  accepted: boolean;
  /** The card is the selected one (Accept is the primary action there). */
  selected: boolean;
  /** What P does, spoken and shown: e.g. "Preview with the scene" / "Preview". */
  previewLabel: string;
  previewText: string;
  /** What P does while playing, spoken: e.g. "Stop the preview". */
  stopLabel: string;
  /** The Accept button's text: "Accept", "Accept for the cue". */
  acceptText: string;
}

/** The first two actions of a suggestion card, a scene's or a cue's: preview (P) and accept (Enter). */
export function PreviewAndAccept(props: PreviewAndAcceptProps): React.JSX.Element {
  return (
    <>
      <button
        type="button"
        className={props.previewing ? 'active' : ''}
        onClick={props.onPreview}
        aria-keyshortcuts="P"
        aria-label={`${props.previewing ? props.stopLabel : props.previewLabel} (P)`}
      >
        <Icon name={props.previewing ? 'stop' : 'play'} /> {props.previewing ? 'Stop' : props.previewText} <kbd>P</kbd>
      </button>
      <button type="button" className={props.selected ? 'primary' : ''} onClick={props.onAccept} disabled={props.accepted} aria-keyshortcuts="Enter">
        <Icon name="check" /> {props.acceptText} <kbd>Enter</kbd>
      </button>
    </>
  );
}
