import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src/main/engine/export/exportFormats';
import { buildTimeline } from '../../../src/main/engine/export/timeline';
import { GOLDEN_RATES, GOLDEN_TITLE, goldenCues } from './cueFixture';

/**
 * The checked-in files under test/fixtures/golden/export are the spec (reviewed by eye against
 * CMX3600, OTIO 0.17 and FCPXML 1.10). Regenerate after an intended change with
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/export/golden.test.ts
 * and review the diff.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/golden/export');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('golden exports', () => {
  for (const { label, rate } of GOLDEN_RATES) {
    for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
      const { extension, write } = EXPORT_FORMATS[format];
      const file = join(GOLDEN_DIR, `cuefinder-${label}${extension}`);
      it(`${format} at ${label} matches ${file.split('/').pop()}`, () => {
        const text = write(buildTimeline(GOLDEN_TITLE, goldenCues(rate)));
        if (UPDATE) {
          mkdirSync(GOLDEN_DIR, { recursive: true });
          writeFileSync(file, text);
        }
        expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  it('is deterministic: the same cues give byte-identical output', () => {
    const { rate } = GOLDEN_RATES[2];
    for (const { write } of Object.values(EXPORT_FORMATS)) {
      expect(write(buildTimeline(GOLDEN_TITLE, goldenCues(rate)))).toBe(write(buildTimeline(GOLDEN_TITLE, goldenCues(rate))));
    }
  });
});
