import ffmpeg from 'fluent-ffmpeg';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure, unreadableReason } from './mediaError';

export interface AudioDecodeOptions {
  /** Output rate in Hz; decoded audio is always mono float32. */
  sampleRate: number;
  /** Samples per chunk handed to onChunk (the last one may be shorter). */
  chunkSamples?: number;
  signal?: AbortSignal;
  /**
   * Called once with ffmpeg's listing of the input (format, duration, streams: what ffprobe would
   * say), before the decode's first chunk as a rule; throwing stops the decode with that error.
   */
  onListing?: (listing: string) => void;
}

export interface AudioDecodeResult {
  samples: number;
  durationSec: number;
}

/** The first line ffmpeg prints after the input's listing. */
const AFTER_LISTING = /^(Stream mapping:|Output #0|Press \[q\])/;

/**
 * Decodes the first audio stream of a file to mono float32 PCM at a fixed rate, streamed: onChunk
 * sees consecutive chunks and the whole signal is never held in memory. A chunk is valid during
 * its call only: the decoder fills the same array again (copy what you keep). Rejects with MediaError.
 */
export function decodeAudio(
  path: string,
  options: AudioDecodeOptions,
  onChunk: (samples: Float32Array) => void,
): Promise<AudioDecodeResult> {
  const { sampleRate, chunkSamples = 1 << 16, signal, onListing } = options;
  const bins = ffmpegBinaries();
  ffmpeg.setFfmpegPath(bins.ffmpeg);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MediaError(path, 'cancelled'));
      return;
    }
    const unreadable = unreadableReason(path);
    if (unreadable) {
      reject(new MediaError(path, unreadable));
      return;
    }
    const chunkBytes = chunkSamples * 4;
    // The chunk being filled, as the samples it is handed over as (aligned float32) and as bytes;
    // one array for the whole decode.
    const pending = new Float32Array(chunkSamples);
    const pendingBytes = new Uint8Array(pending.buffer);
    let filled = 0;
    let total = 0;
    let stderrTail = '';
    let listing: string | undefined = '';
    let done = false;
    let callbackError: unknown;

    // Hands the filled chunk over; it is refilled once the call returns.
    const emit = (bytes: number): void => {
      const out = bytes === chunkBytes ? pending : pending.subarray(0, bytes / 4);
      total += out.length;
      onChunk(out);
    };

    const command = ffmpeg(path)
      .inputOptions(['-nostdin', '-hide_banner'])
      .noVideo()
      .audioChannels(1)
      .audioFrequency(sampleRate)
      .outputOptions(['-map', '0:a:0', '-sn', '-dn'])
      .format('f32le')
      .on('stderr', (line: string) => {
        stderrTail = (stderrTail + '\n' + line).slice(-4000);
        if (listing === undefined) return;
        if (!AFTER_LISTING.test(line)) {
          listing += line + '\n';
          return;
        }
        const complete = listing;
        listing = undefined;
        try {
          onListing?.(complete);
        } catch (err) {
          callbackError = err;
          command.kill('SIGKILL');
        }
      });

    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ samples: total, durationSec: total / sampleRate });
    };
    const onAbort = (): void => {
      command.kill('SIGKILL');
      finish(new MediaError(path, 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    command.on('error', (err: Error) => {
      if (callbackError) return finish(callbackError);
      // ffmpeg stopped before decoding (no audio stream to map, say): the caller still sees the
      // listing, and may give a better reason by throwing.
      if (listing) {
        try {
          onListing?.(listing);
        } catch (listingError) {
          return finish(listingError);
        }
      }
      const text = `${err.message}\n${stderrTail}`;
      const reason = /does not contain any stream|matches no streams/i.test(text)
        ? 'no audio stream'
        : explainFfmpegFailure(text, 'ffmpeg could not decode the audio');
      finish(new MediaError(path, reason));
    });

    const stream = command.pipe();
    stream.on('data', (buf: Buffer) => {
      if (done) return;
      try {
        let offset = 0;
        while (offset < buf.length) {
          const n = Math.min(chunkBytes - filled, buf.length - offset);
          pendingBytes.set(buf.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
          if (filled === chunkBytes) {
            emit(chunkBytes);
            filled = 0;
          }
        }
      } catch (err) {
        callbackError = err;
        command.kill('SIGKILL');
      }
    });
    // Resolve only when both the pipe has drained and ffmpeg has exited cleanly: a non-zero exit
    // (unreadable input) arrives as 'error' and may come after the pipe's end.
    let streamEnded = false;
    let processEnded = false;
    const maybeFinish = (): void => {
      if (!streamEnded || !processEnded || done) return;
      if (callbackError) return finish(callbackError);
      try {
        const usable = filled - (filled % 4);
        if (usable > 0) emit(usable);
      } catch (err) {
        return finish(err);
      }
      finish();
    };
    command.on('end', () => {
      processEnded = true;
      maybeFinish();
    });
    stream.on('end', () => {
      streamEnded = true;
      maybeFinish();
    });
  });
}
