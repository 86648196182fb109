import { describe, expect, it } from 'vitest';
import type { FrameSignals } from '../../../src/main/engine/video/frameSignals';
import { detectorSettings, detectTransitions } from '../../../src/main/engine/video/sceneDetector';

/**
 * Which of two cut candidates closer than the minimum scene length stands. Measured on FreeCol's
 * opening (bench/data/real-scene-labels.json, frame 1710): a cannon fires and lights the picture
 * (a large one-frame jump, not a cut), six frames later one blended frame leads into the next shot,
 * which halves the cut's one-frame jump. The content distances below are that stretch's as the
 * tracker measured them (rounded), and so are the two-frame distances given.
 */
function signals(content: Record<number, number>, twoFrame: Record<number, number> = {}, frames = 120, fps = 25): FrameSignals {
  const c = new Float32Array(frames).fill(1);
  for (const [t, v] of Object.entries(content)) c[Number(t)] = v;
  // Distances over two and three frames where not given: the path through the frames between (an
  // upper bound, which is what they are for a change that keeps going one way).
  const skip2 = new Float32Array(frames).fill(Infinity);
  const skip3 = new Float32Array(frames).fill(Infinity);
  for (let t = 2; t < frames; t++) skip2[t] = c[t] + c[t - 1];
  for (let t = 3; t < frames; t++) skip3[t] = c[t] + c[t - 1] + c[t - 2];
  for (const [t, v] of Object.entries(twoFrame)) skip2[Number(t)] = v;
  const none = (): Float32Array => new Float32Array(frames);
  return {
    frames,
    fps,
    motionPlaneWidth: 64,
    content: c,
    skip2,
    skip3,
    returnJump: c,
    returnBack: new Float32Array(frames).fill(Infinity),
    returnForward: new Float32Array(frames).fill(Infinity),
    luma: new Float32Array(frames).fill(100),
    lumaSpread: new Float32Array(frames).fill(50),
    motionDifference: none(),
    motionMagnitude: none(),
    motionGlobal: none(),
    motionLocal: none(),
    motionExplained: none(),
    dissolveHalfWindows: [5],
    dissolveChange: [none()],
    dissolveNonlinearity: [none()],
    dissolveDip: [none()],
    dissolveCoverage: [none()],
    dissolveStepFit: [new Float32Array(frames).fill(1)],
    dissolveStepShare: [none()],
    dissolveStepCoherence: [none()],
  };
}

describe('cut candidates closer than the minimum scene length', () => {
  it('keep the cut after a blended frame, not the light change just before it', () => {
    // FreeCol 1698–1716: the fire at 1704 (55), smoke (11–37), the blended frame 1710 (65, its
    // neighbours too busy for the adaptive ratio), the new shot at 1711 (48, then still).
    const s = signals({ 54: 15, 55: 13, 56: 19, 57: 15, 58: 14, 59: 6, 60: 55, 61: 25, 62: 16, 63: 27, 64: 11, 65: 37, 66: 65, 67: 48 }, { 60: 53, 61: 70, 66: 59, 67: 87 });
    const found = detectTransitions(s, detectorSettings({}, 25));
    expect(found.map((t) => t.frame)).toEqual([67]);
  });

  it('keep the stronger of two plain cuts', () => {
    const s = signals({ 60: 70, 66: 40 });
    expect(detectTransitions(s, detectorSettings({}, 25)).map((t) => t.frame)).toEqual([60]);
  });
});
