import { it } from 'vitest';
import { runAnalyzeBench } from '../../../bench/analyzeBench';
it('bench', async () => {
  console.log(JSON.stringify(await runAnalyzeBench({ workDir: '/tmp/abench' }), null, 2));
}, 600_000);
