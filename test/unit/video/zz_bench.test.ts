import { it } from 'vitest';
import { runAnalyzeBench } from '../../../bench/analyzeBench';
it('bench', async () => {
  console.log(JSON.stringify(await runAnalyzeBench({ workDir: '/tmp/abench' })));
}, 600_000);
