import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { CuefinderBridge, WaveformView } from '../../../shared/contract';
import { errorText } from '../format';

interface WaveformProps {
  bridge: CuefinderBridge;
  trackId: number;
  inSec: number;
  outSec: number;
  label: string;
  /** Hands over the track's <audio> element, which auditions play through (present false when it goes away). */
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
}

/** Peaks are per track and never change while the app runs: fetch each once. */
const peaksCache = new Map<string, Promise<WaveformView>>();

function loadPeaks(bridge: CuefinderBridge, trackId: number): Promise<WaveformView> {
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
export function Waveform({ bridge, trackId, inSec, outSec, label, onMedia }: WaveformProps): React.JSX.Element {
  const container = useRef<HTMLDivElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const [error, setError] = useState<string | null>(null);

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
          interact: false,
          plugins: [regions],
        });
        ws.on('decode', () => {
          regions.addRegion({ start: inSec, end: outSec, color: 'rgba(255, 204, 77, 0.28)', drag: false, resize: false });
        });
      })
      .catch((err) => !cancelled && setError(errorText(err)));
    return () => {
      cancelled = true;
      ws?.destroy();
    };
  }, [bridge, trackId, inSec, outSec]);

  return (
    <div className="waveform-wrap">
      <div ref={container} className="waveform" role="img" aria-label={`Waveform of ${label}; the chosen section is highlighted`} data-track-id={trackId} />
      <audio ref={audio} preload="metadata" data-track-id={trackId} />
      {error && <p className="error-text small">{error}</p>}
    </div>
  );
}
