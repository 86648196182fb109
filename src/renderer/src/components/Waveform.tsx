import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { CuefinderBridge, WaveformView } from '../../../shared/contract';
import { errorText } from '../format';
import { draggedSection } from '../section';
import { Icon } from './Icon';

interface WaveformProps {
  bridge: CuefinderBridge;
  trackId: number;
  inSec: number;
  outSec: number;
  label: string;
  /** Hands over the track's <audio> element, which auditions play through (present false when it goes away). */
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
  /**
   * The section can be edited here (the selected card): drag it or its edges, click to seek, bars
   * and the scene's cut marked. Absent: the section is only shown.
   */
  edit?: {
    /** The scene's length: where the picture cuts, counted from the section's in point. */
    sceneSec: number;
    snap: boolean;
    onToggleSnap(): void;
    onSection(inSec: number, outSec: number): void;
  };
}

/** Peaks are per track and never change while the app runs: fetch each once. */
const peaksCache = new Map<string, Promise<WaveformView>>();

/** A track's waveform, beats and bars (fetched once per track). */
export function loadPeaks(bridge: CuefinderBridge, trackId: number): Promise<WaveformView> {
  const key = `${trackId}`;
  if (!peaksCache.has(key)) {
    const p = bridge.services.suggestions.waveform(trackId);
    p.catch(() => peaksCache.delete(key));
    peaksCache.set(key, p);
  }
  return peaksCache.get(key)!;
}

/**
 * The whole track drawn from its stored loudness envelope (no decoding in the UI), the chosen
 * section highlighted, and the playback cursor following the track's <audio> element.
 */
export function Waveform({ bridge, trackId, inSec, outSec, label, onMedia, edit }: WaveformProps): React.JSX.Element {
  const editing = edit !== undefined;
  const sceneSec = edit?.sceneSec ?? 0;
  // The latest callbacks, read when a drag ends (the waveform is not rebuilt for a new callback).
  const editNow = useRef(edit);
  editNow.current = edit;
  const container = useRef<HTMLDivElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const [error, setError] = useState<string | null>(null);
  const wsRef = useRef<WaveSurfer | null>(null);
  /** Zoom factor over the whole-track view (1 = the whole track fits). */
  const [zoom, setZoom] = useState(1);
  const [looping, setLooping] = useState(false);

  useEffect(() => {
    const media = audio.current!;
    onMedia(trackId, media, true);
    return () => onMedia(trackId, media, false);
  }, [onMedia, trackId]);

  useEffect(() => {
    let ws: WaveSurfer | null = null;
    let cancelled = false;
    loadPeaks(bridge, trackId)
      .then((w) => {
        if (cancelled || !container.current || !audio.current) return;
        const regions = RegionsPlugin.create();
        ws = WaveSurfer.create({
          container: container.current,
          media: audio.current,
          url: bridge.mediaUrl({ kind: 'track', id: trackId }),
          peaks: [w.peaks.length ? Float32Array.from(w.peaks) : new Float32Array(2)],
          duration: w.durationSec,
          height: 40,
          barWidth: 2,
          barGap: 1,
          barRadius: 1,
          waveColor: '#5b6b82',
          progressColor: '#9fb4d4',
          cursorColor: '#ffcc4d',
          cursorWidth: 2,
          // Editing: a click seeks the track there (heard in the next preview or on its own).
          interact: editing,
          plugins: [regions],
        });
        wsRef.current = ws;
        ws.on('decode', () => {
          if (editing) {
            for (const bar of w.bars) regions.addRegion({ start: bar, color: 'rgba(230, 233, 239, 0.18)', drag: false, resize: false });
            const cut = inSec + sceneSec;
            if (sceneSec > 0 && cut < w.durationSec) regions.addRegion({ id: 'scene-cut', start: cut, color: 'rgba(239, 107, 107, 0.95)', drag: false, resize: false });
          }
          const section = regions.addRegion({ id: 'section', start: inSec, end: outSec, color: 'rgba(255, 204, 77, 0.28)', drag: editing, resize: editing });
          section.on('update-end', () => {
            const e = editNow.current;
            if (!e) return;
            const next = draggedSection(section.start, section.end, w.bars, w.durationSec, e.snap);
            section.setOptions({ start: next.inSec, end: next.outSec });
            e.onSection(next.inSec, next.outSec);
          });
        });
      })
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
      wsRef.current = null;
      ws?.destroy();
    };
  }, [bridge, trackId, inSec, outSec, editing, sceneSec]);

  // Zoomed in, the view keeps the section's in point in sight.
  useEffect(() => {
    const ws = wsRef.current;
    const width = container.current?.clientWidth ?? 0;
    if (!ws || !width || !ws.getDuration()) return;
    ws.zoom((width / ws.getDuration()) * zoom);
    ws.setScrollTime(Math.max(0, inSec - 1));
  }, [zoom, inSec]);

  // Loop: the section alone, again and again, until stopped (or the card is left).
  useEffect(() => {
    const el = audio.current;
    if (!looping || !el) return;
    const wrap = (): void => {
      if (el.currentTime >= outSec || el.currentTime < inSec - 0.05) el.currentTime = inSec;
    };
    el.currentTime = inSec;
    el.addEventListener('timeupdate', wrap);
    el.play().catch((err) => setError(errorText(err)));
    return () => {
      el.removeEventListener('timeupdate', wrap);
      el.pause();
    };
  }, [looping, inSec, outSec]);
  useEffect(() => {
    if (!editing) setLooping(false);
  }, [editing]);

  return (
    <div className="waveform-wrap">
      <div
        ref={container}
        className={`waveform${editing ? ' editable' : ''}`}
        role="img"
        aria-label={`Waveform of ${label}; the chosen section is highlighted${editing ? ': drag it or its edges to change it (or move it by bars with , and .), bars are marked, and the red line is where the scene cuts' : ''}`}
        data-track-id={trackId}
      />
      <audio ref={audio} preload="metadata" data-track-id={trackId} />
      {editing && (
        <div className="waveform-tools">
          <button type="button" className="small-button" onClick={() => setLooping(!looping)} aria-pressed={looping} data-testid="loop">
            <Icon name={looping ? 'stop' : 'play'} size={11} /> {looping ? 'Stop loop' : 'Loop section'}
          </button>
          <button type="button" className="small-button" onClick={() => setZoom(Math.max(1, zoom / 2))} disabled={zoom <= 1} aria-label="Zoom out">
            -
          </button>
          <span className="small muted" data-testid="zoom">
            {zoom}×
          </span>
          <button type="button" className="small-button" onClick={() => setZoom(Math.min(16, zoom * 2))} disabled={zoom >= 16} aria-label="Zoom in">
            +
          </button>
          <label className="small">
            <input type="checkbox" checked={edit.snap} onChange={edit.onToggleSnap} /> Snap to bars
          </label>
          <span className="small muted" title="Drag the section or its edges on the waveform">
            drag it; <kbd>,</kbd> <kbd>.</kbd> a bar
          </span>
        </div>
      )}
      {error && <p className="error-text small">{error}</p>}
    </div>
  );
}
