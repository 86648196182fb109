import { describe, expect, it } from 'vitest';
import { writeOtio } from '../../../src/main/engine/export/otioWriter';
import { buildTimeline } from '../../../src/main/engine/export/timeline';
import { rateToFps, secondsToFrames, timecodeToFrames } from '../../../src/shared/time';
import { GOLDEN_RATES, GOLDEN_TITLE, goldenCues } from './cueFixture';

// OTIO JSON is untyped by nature; the tests walk it as such.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Otio = Record<string, any>;

const KNOWN_SCHEMAS = new Set(['Timeline.1', 'Stack.1', 'Track.1', 'Clip.2', 'Gap.1', 'Transition.1', 'ExternalReference.1', 'TimeRange.1', 'RationalTime.1']);

function walk(node: unknown, visit: (o: Otio) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    if ('OTIO_SCHEMA' in node) visit(node as Otio);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

const durationOf = (item: Otio): number => item.source_range.duration.value;

describe('OpenTimelineIO writer', () => {
  for (const { label, rate } of GOLDEN_RATES) {
    it(`writes a structurally valid OTIO timeline at ${label}`, () => {
      const cues = goldenCues(rate);
      const text = writeOtio(buildTimeline(GOLDEN_TITLE, cues));
      const doc: Otio = JSON.parse(text);
      const fps = rateToFps(rate);
      const sceneTotal = cues.reduce((sum, c) => sum + c.endFrame - c.startFrame, 0);

      // OTIO's own layout: 4-space indent, doubles with a decimal point.
      expect(text.split('\n')[1]).toMatch(/^ {4}"OTIO_SCHEMA": "Timeline.1",$/);
      expect(text).toContain('"value": 0.0');

      const schemas = new Set<string>();
      walk(doc, (o) => {
        schemas.add(o.OTIO_SCHEMA);
        if (o.OTIO_SCHEMA === 'RationalTime.1') {
          expect(o.rate).toBe(fps);
          expect(Number.isInteger(o.value)).toBe(true);
        }
      });
      expect([...schemas].filter((s) => !KNOWN_SCHEMAS.has(s))).toEqual([]);
      expect(schemas.has('Transition.1') && schemas.has('Gap.1')).toBe(true);

      expect(doc.OTIO_SCHEMA).toBe('Timeline.1');
      expect(doc.name).toBe(GOLDEN_TITLE);
      expect(doc.global_start_time.value).toBe(timecodeToFrames(label.endsWith('df') ? '01:00:00;00' : '01:00:00:00', rate));
      expect(doc.metadata.cuefinder.dropFrame).toBe(label.endsWith('df'));
      expect(doc.tracks.OTIO_SCHEMA).toBe('Stack.1');
      const [picture, music] = doc.tracks.children as Otio[];
      expect([picture.kind, music.kind]).toEqual(['Video', 'Audio']);

      // Every track spans the whole programme; transitions take no track time.
      for (const track of [picture, music]) {
        const items = (track.children as Otio[]).filter((c) => c.OTIO_SCHEMA !== 'Transition.1');
        expect(items.reduce((sum, item) => sum + durationOf(item), 0)).toBe(sceneTotal);
      }

      (picture.children as Otio[]).forEach((clip, i) => {
        const cue = cues[i];
        const origin = cue.videoStartTimecode ? timecodeToFrames(cue.videoStartTimecode, rate) : 0;
        expect(clip.OTIO_SCHEMA).toBe('Clip.2');
        expect(clip.source_range.start_time.value).toBe(origin + cue.startFrame);
        expect(durationOf(clip)).toBe(cue.endFrame - cue.startFrame);
        expect(clip.metadata.cuefinder.sceneIndex).toBe(cue.sceneIndex);
        const ref = clip.media_references[clip.active_media_reference_key];
        expect(ref.OTIO_SCHEMA).toBe('ExternalReference.1');
        expect(decodeURIComponent(new URL(ref.target_url).pathname)).toBe(cue.videoPath);
        expect(ref.available_range.start_time.value).toBe(origin);
      });

      const children = music.children as Otio[];
      expect(children.map((c) => c.OTIO_SCHEMA)).toEqual(['Clip.2', 'Transition.1', 'Clip.2', 'Transition.1', 'Clip.2', 'Gap.1']);
      const crossfade = secondsToFrames(0.5, rate);
      children.forEach((child, i) => {
        if (child.OTIO_SCHEMA !== 'Transition.1') return;
        expect(child.transition_type).toBe('SMPTE_Dissolve');
        expect(child.in_offset.value).toBe(0);
        expect(child.out_offset.value).toBe(crossfade);
        // The outgoing clip plays on under the dissolve: its media must reach past its out point.
        const outgoing = children[i - 1];
        const available = outgoing.media_references.DEFAULT_MEDIA.available_range;
        expect(available.start_time.value + available.duration.value).toBeGreaterThanOrEqual(
          outgoing.source_range.start_time.value + durationOf(outgoing) + child.out_offset.value,
        );
      });
      const [alpha, second] = [children[0], children[2]];
      expect(alpha.source_range.start_time.value).toBe(secondsToFrames(cues[0].music!.inSec, rate));
      expect(alpha.source_range.start_time.value + durationOf(alpha)).toBe(secondsToFrames(cues[1].music!.outSec, rate));
      expect(alpha.metadata.cuefinder.sceneIndexes).toEqual([0, 1]);
      expect(alpha.metadata.cmx_3600.reel).toBe('TRACKALP');
      expect(second.name).toBe('Second Song (Live) & "Encore"');
      expect(decodeURIComponent(new URL(second.media_references.DEFAULT_MEDIA.target_url).pathname)).toBe(cues[2].music!.path);
    });
  }
});
