import { afterAll, describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { usableBinary } from '../../../src/main/engine/media/ffmpegBinaries';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-bin-');
afterAll(tmp.cleanup);

/**
 * Attack finding 2: the bundled ffprobe is installed 0744, so for anyone but its owner every file
 * failed. A bundled binary is made executable for all (where we may), else the system's is used.
 */
describe('bundled binaries', () => {
  it('are made executable for everyone when installed without the execute bits', () => {
    for (const mode of [0o644, 0o744]) {
      const path = join(tmp.dir, `ffprobe-${mode.toString(8)}`);
      writeFileSync(path, '#!/bin/sh\n', { mode });
      expect(usableBinary(path)).toBe(path);
      expect(statSync(path).mode & 0o111).toBe(0o111);
    }
  });

  it('are not used when missing', () => {
    expect(usableBinary(join(tmp.dir, 'nope'))).toBeUndefined();
  });
});
