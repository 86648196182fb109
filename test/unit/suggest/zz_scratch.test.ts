import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { runSuggestBench } from '../../../bench/suggestBench';
import { makeTempDir } from '../../helpers/fixtures';

it('full suggest bench', async () => {
  const { dir, cleanup } = makeTempDir('cuefinder-suggest-full-');
  const result = await runSuggestBench({ workDir: dir });
  writeFileSync('/tmp/suggest-bench.json', JSON.stringify(result, null, 2));
  cleanup();
}, 600_000);
