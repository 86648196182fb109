import { describe, expect, it } from 'vitest';
import { nominalRate } from '../../../src/main/engine/media/probe';

describe('nominalRate', () => {
  it('takes r_frame_rate, or the average rate where r_frame_rate is the field rate of a field-coded stream', () => {
    expect(nominalRate([30000, 1001], [30000, 1001])).toEqual([30000, 1001]);
    // MPEG-2 program stream as older ffprobe reports it: 50/1 fields, 25/1 frames on average.
    expect(nominalRate([50, 1], [25, 1])).toEqual([25, 1]);
    // A variable-rate phone clip keeps its nominal rate (the analyser resamples to it).
    expect(nominalRate([30, 1], [2400, 87])).toEqual([30, 1]);
    expect(nominalRate(undefined, [24, 1])).toEqual([24, 1]);
    expect(nominalRate(undefined, undefined)).toEqual([25, 1]);
  });
});
