import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layering rules in eslint.config.js are what keep the engine free of electron, the shared
// contract pure and the renderer away from node. These cases prove the rules bite.
const eslint = new ESLint();

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath });
  return res.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', () => {
  it('forbid electron in the engine', async () => {
    const msgs = await messagesFor('src/main/engine/library/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
    expect(msgs.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('forbid node modules in src/shared', async () => {
    const msgs = await messagesFor('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    expect(msgs.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('forbid node modules and main-process code in the renderer', async () => {
    const fsMsgs = await messagesFor('src/renderer/src/x.tsx', "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n");
    expect(fsMsgs.join('\n')).toMatch(/no-restricted-imports/);
    const dbMsgs = await messagesFor('src/renderer/src/y.tsx', "import { listTracks } from '../../main/engine/db/trackRepository';\nexport const l = listTracks;\n");
    expect(dbMsgs.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('keep SQL inside engine/db', async () => {
    const msgs = await messagesFor('src/main/engine/suggest/x.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n");
    expect(msgs.join('\n')).toMatch(/All SQL lives in src\/main\/engine\/db/);
  });

  it('allow the engine its own imports', async () => {
    const msgs = await messagesFor('src/main/engine/library/x.ts', "import { join } from 'node:path';\nexport const j = join;\n");
    expect(msgs).toEqual([]);
  });
});
