import { createHpssKernel } from './kernel/frameKernel';

/**
 * Streaming harmonic/percussive split (Fitzgerald 2010) on the mel power spectrogram, ~16×
 * smaller than the linear one: a median across time (±8 frames) keeps sustained partials
 * (harmonic), a median across bands (±4) keeps broadband transients (percussive), and soft Wiener
 * masks share each frame's energy between the two. Only the time kernel's frames are held, so a
 * frame's energies come out 8 frames late. The arithmetic is in kernel/frameKernel.c.
 */
export interface HpssStage {
  /** One mel power frame (copied). */
  push(melPower: Float64Array): void;
  /** Emits the frames still held back, with the time kernel cut at the end of the stream. */
  flush(): void;
  /** Ends the stream: the kernel goes back for another. */
  release(): void;
}

export type HpssFrameHandler = (frameIndex: number, harmonicEnergy: number, percussiveEnergy: number) => void;

export function createHpssStage(bands: number, onFrame: HpssFrameHandler): HpssStage {
  const kernel = createHpssKernel(bands);
  const { input, output } = kernel;
  return {
    push(melPower) {
      input.set(melPower);
      if (kernel.push()) onFrame(output[0], output[1], output[2]);
    },
    flush() {
      while (kernel.flush()) onFrame(output[0], output[1], output[2]);
    },
    release: kernel.release,
  };
}
