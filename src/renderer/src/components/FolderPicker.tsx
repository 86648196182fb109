import { useCallback, useEffect, useRef, useState } from 'react';
import type { CuefinderBridge, FolderListing, FolderPurpose } from '../../../shared/contract';
import { errorText, plural } from '../format';
import { Dialog } from './Dialog';
import { Icon } from './Icon';

interface FolderPickerProps {
  bridge: CuefinderBridge;
  purpose: FolderPurpose;
  /** Where to start browsing; home when null. */
  start: string | null;
  onPick(dir: string): void;
  onClose(): void;
}

const TITLES: Record<FolderPurpose, string> = { project: 'Open a project (footage folder)', library: 'Open your music library' };
const HINTS: Record<FolderPurpose, string> = {
  project: 'Choose the folder that holds the video files of one edit. Sub-folders are included.',
  library: 'Choose the folder that holds your music files. Sub-folders are included.',
};

function mediaNote(videoFiles: number, audioFiles: number): string {
  return [videoFiles ? plural(videoFiles, 'video') : '', audioFiles ? plural(audioFiles, 'audio file') : ''].filter(Boolean).join(', ');
}

/**
 * Folder browser for browser mode, where the page cannot show the system's folder dialog:
 * type or paste a path (Enter lists it, Enter again opens it) or walk the folders.
 */
export function FolderPicker({ bridge, purpose, start, onPick, onClose }: FolderPickerProps): React.JSX.Element {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState(start ?? '');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // Text typed while a listing loads wins over the listing's path.
  const typedSinceList = useRef(false);
  const list = useCallback(
    (dir: string | null) => {
      typedSinceList.current = false;
      bridge.services.folders
        .list(dir)
        .then((l) => {
          setListing(l);
          if (!typedSinceList.current) setTyped(l.path);
          setError(null);
        })
        .catch((err) => setError(errorText(err)));
    },
    [bridge],
  );

  useEffect(() => {
    list(start);
  }, [list, start]);

  const onInputKey = (e: React.KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const wanted = typed.trim();
    if (listing && (wanted === listing.path || wanted === '')) onPick(listing.path);
    else list(wanted);
  };

  return (
    <Dialog title={TITLES[purpose]} onClose={onClose} className="folder-picker" initialFocus={input}>
      <p className="hint">{HINTS[purpose]}</p>
      <label className="field">
        <span>Folder</span>
        <input
          ref={input}
          type="text"
          value={typed}
          spellCheck={false}
          aria-describedby="folder-picker-help"
          onChange={(e) => {
            typedSinceList.current = true;
            setTyped(e.target.value);
          }}
          onKeyDown={onInputKey}
        />
      </label>
      <p id="folder-picker-help" className="hint small">
        Type or paste a path and press Enter to show it; press Enter again to open it.
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {listing && (
        <>
          <div className="places" role="group" aria-label="Places">
            {listing.places.map((p) => (
              <button key={p.path} type="button" className="chip-button" onClick={() => list(p.path)}>
                {p.label}
              </button>
            ))}
          </div>
          <ul className="folder-list" aria-label={`Folders in ${listing.path}`}>
            {listing.parent && (
              <li>
                <button type="button" className="folder-row" onClick={() => list(listing.parent)}>
                  <Icon name="undo" /> Up to {listing.parent}
                </button>
              </li>
            )}
            {listing.folders.map((f) => (
              <li key={f.path}>
                <button type="button" className="folder-row" onClick={() => list(f.path)}>
                  <Icon name="folder" /> {f.name}
                  <span className="muted">{mediaNote(f.videoFiles, f.audioFiles)}</span>
                </button>
              </li>
            ))}
            {!listing.folders.length && <li className="muted">No folders inside.</li>}
          </ul>
          <footer className="dialog-footer">
            <span className="muted">{mediaNote(listing.videoFiles, listing.audioFiles) || 'No media files directly in this folder.'}</span>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => onPick(listing.path)}>
              Open {listing.path.split('/').filter(Boolean).pop() ?? listing.path}
            </button>
          </footer>
        </>
      )}
    </Dialog>
  );
}
