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
    expect(msgs.join('\n')).toMatch(/cuefinder\/layers: Bad layering: engine may not import electron/);
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

  it('allow each layer the layers below it', async () => {
    const allowed: [string, string][] = [
      ['src/main/usecases/x.ts', "import { openDatabase } from '../engine/db/database';\nexport const o = openDatabase;\n"],
      ['src/main/services/x.ts', "import { rateScene } from '../usecases/decisions';\nexport const r = rateScene;\n"],
      ['src/main/cli/commands/x.ts', "import { createServiceHost } from '../../services/createServices';\nexport const c = createServiceHost;\n"],
      ['src/main/electron/x.ts', "import { app } from 'electron';\nimport { toErrorData } from '../services/serviceErrors';\nexport const a = [app, toErrorData];\n"],
      ['src/main/engine/db/x.ts', "import Database from 'better-sqlite3';\nexport const f = (db: Database.Database) => db.prepare('SELECT 1');\n"],
      ['src/main/usecases/y.ts', "import type Database from 'better-sqlite3';\nexport type D = Database.Database;\nexport const m = /x/.exec('x');\n"],
      ['src/main/engine/training/x.ts', "import { scorePairs } from '../model/cuefinderModel';\nexport const s = scorePairs;\n"],
      ['src/main/usecases/lab/x.ts', "import { trainCuefinderModel } from '../../engine/training/cuefinderModel';\nexport const t = trainCuefinderModel;\n"],
      ['src/main/cli/commands/y.ts', "import { trainOnDataset } from '../../usecases/lab/trainModel';\nexport const t = trainOnDataset;\n"],
      ['src/main/services/y.ts', "import type { Db } from '../engine/db/database';\nexport type D = Db;\n"],
      ['src/main/services/z.ts', "import { type JobProgress } from '../engine/jobs/progress';\nexport type { StoredScene } from '../engine/db/projectRepository';\nexport type P = JobProgress;\n"],
      ['src/main/server/x.ts', "import { isInsideFolder } from '../usecases/folders';\nimport type { Db } from '../engine/db/database';\nexport const i = isInsideFolder;\nexport type D = Db;\n"],
    ];
    for (const [file, code] of allowed) expect(await messagesFor(file, code), file).toEqual([]);
  });
});

/**
 * One probe per layering rule, each a file that breaks it (the twenty of issue 13 among them, the
 * product/lab split: a product file importing each kind of lab code, and the services and the
 * browser server taking anything but types from the engine):
 * every one must fail lint with the rule named.
 */
const LAYER = /cuefinder\/layers: Bad layering/;
const SQL = /All SQL lives in src\/main\/engine\/db/;
const LAB = /cuefinder\/layers: Product and lab apart: product code may not import the lab/;
const TYPES = (from: string): RegExp => new RegExp(`cuefinder/layers: Bad layering: ${from} may import only types from engine`);
const PROBES: [string, string, string, RegExp][] = [
  ['engine imports electron', 'src/main/engine/library/p1.ts', "import { app } from 'electron';\nexport const a = app;\n", LAYER],
  ['engine imports electron dynamically', 'src/main/engine/library/p2.ts', "export const load = () => import('electron');\n", LAYER],
  ['engine requires electron', 'src/main/engine/library/p3.ts', "export const e = require('electron');\n", LAYER],
  ['engine imports the Electron shell (main)', 'src/main/engine/project/p4.ts', "import '../../index';\n", LAYER],
  ['engine imports the shell folder', 'src/main/engine/project/p5.ts', "import { x } from '../../electron/shell';\nexport const y = x;\n", LAYER],
  ['engine imports react', 'src/main/engine/export/p6.ts', "import { useState } from 'react';\nexport const u = useState;\n", LAYER],
  ['engine imports services/', 'src/main/engine/project/p7.ts', "import { isInside } from '../../services/session';\nexport const i = isInside;\n", LAYER],
  ['engine imports cli/', 'src/main/engine/project/p8.ts', "import { log } from '../../cli/context';\nexport const l = log;\n", LAYER],
  ['engine imports usecases/', 'src/main/engine/p9.ts', "import { rateScene } from '../usecases/decisions';\nexport const r = rateScene;\n", LAYER],
  ['engine re-exports from services/', 'src/main/engine/p10.ts', "export { isInside } from '../services/session';\n", LAYER],
  ['engine imports services/ dynamically', 'src/main/engine/p11.ts', "export const s = () => import('../services/session');\n", LAYER],
  ['usecases import services/', 'src/main/usecases/p12.ts', "import { Session } from '../services/session';\nexport const s = Session;\n", LAYER],
  ['usecases import cli/', 'src/main/usecases/p13.ts', "import { log } from '../cli/context';\nexport const l = log;\n", LAYER],
  ['services import cli/', 'src/main/services/p14.ts', "import { log } from '../cli/context';\nexport const l = log;\n", LAYER],
  ['services import electron', 'src/main/services/p15.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n", LAYER],
  ['shared imports the engine', 'src/shared/p16.ts', "export type { Db } from '../main/engine/db/database';\n", LAYER],
  ['renderer imports services/', 'src/renderer/src/p17.tsx', "import { Session } from '../../main/services/session';\nexport const s = Session;\n", LAYER],
  ['SQL through db.exec in the engine', 'src/main/engine/library/p18.ts', "export const f = (db: { exec(s: string): void }) => db.exec('DELETE FROM tracks');\n", SQL],
  ['SQL through prepare(variable) in the engine', 'src/main/engine/suggest/p19.ts', "const sql = 'SELECT 1';\nexport const f = (db: { prepare(s: string): unknown }) => db.prepare(sql);\n", SQL],
  ['SQL through prepare(literal) in the engine', 'src/main/engine/suggest/p20.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n", SQL],
  ['SQL in the services', 'src/main/services/p21.ts', "export const f = (session: { db: { prepare(s: string): unknown } }) => session.db.prepare('SELECT 1');\n", SQL],
  ['SQL through exec in the services', 'src/main/services/p22.ts', "export const f = (session: { db: { exec(s: string): void } }) => session.db.exec('VACUUM');\n", SQL],
  ['SQL in the CLI', 'src/main/cli/commands/p23.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare(`SELECT ${1}`);\n", SQL],
  ['a pragma in the CLI', 'src/main/cli/p24.ts', "export const f = (db: { pragma(s: string): unknown }) => db.pragma('user_version = 0');\n", SQL],
  ['SQL in the use cases', 'src/main/usecases/p25.ts', "export const f = (ctx: { db: { prepare(s: string): unknown } }) => ctx.db.prepare('SELECT 1');\n", SQL],
  ['better-sqlite3 opened outside engine/db', 'src/main/services/p26.ts', "import Database from 'better-sqlite3';\nexport const d = new Database(':memory:');\n", /All SQL lives in src\/main\/engine\/db: nothing else imports better-sqlite3/],
  ['suggest imports engine/training', 'src/main/engine/suggest/p27.ts', "import { evaluateModel } from '../training/cuefinderModel';\nexport const e = evaluateModel;\n", LAB],
  ['project imports the trainer', 'src/main/engine/project/p28.ts', "import type { PresetName } from '../model/trainer';\nexport type P = PresetName;\n", LAB],
  ['model inference imports the loss', 'src/main/engine/model/p29.ts', "export { afclnetLoss } from './afclnetLoss';\n", LAB],
  ['model inference imports DCCA training', 'src/main/engine/model/p30.ts', "import { fitDcca } from './dccaTrainer';\nexport const f = fitDcca;\n", LAB],
  ['affect imports the training loop pieces', 'src/main/engine/affect/p31.ts', "import { EarlyStopping } from '../model/training';\nexport const e = EarlyStopping;\n", LAB],
  ['services import a baseline', 'src/main/services/p32.ts', "export const b = () => import('../engine/model/baselines');\n", LAB],
  ['usecases import dataset synthesis', 'src/main/usecases/p33.ts', "import { planSynthAffect } from '../engine/data/synthAffectPlan';\nexport const p = planSynthAffect;\n", LAB],
  ['usecases import the lab use cases', 'src/main/usecases/p34.ts', "import { trainOnDataset } from './lab/trainModel';\nexport const t = trainOnDataset;\n", LAB],
  ['the product model imports XGBoost fitting', 'src/main/engine/model/p36.ts', "import { fitGbdt } from './gbdt/gbdt';\nexport const f = fitGbdt;\n", LAB],
  ['affect imports the affect predictors’ trainer', 'src/main/engine/affect/p37.ts', "import { trainAffectPredictor } from '../model/gbdt/affectTrainer';\nexport const t = trainAffectPredictor;\n", LAB],
  ['the suggest worker requires the training folder', 'src/main/services/p35.ts', "export const t = require('../engine/training');\n", LAB],
  ['services import an engine repository', 'src/main/services/p36.ts', "import { getTrack } from '../engine/db/trackRepository';\nexport const g = getTrack;\n", TYPES('services')],
  ['services re-export an engine repository', 'src/main/services/p37.ts', "export { videosUnder } from '../engine/db/projectRepository';\n", TYPES('services')],
  ['services import an engine repository dynamically', 'src/main/services/p38.ts', "export const r = () => import('../engine/db/suggestionRepository');\n", TYPES('services')],
  ['services require the engine', 'src/main/services/p39.ts', "export const i = require('../engine/insideFolder');\n", TYPES('services')],
  ['services import an engine constant', 'src/main/services/p40.ts', "import { AUDIO_EXTENSIONS } from '../engine/library/fileScanner';\nexport const a = AUDIO_EXTENSIONS;\n", TYPES('services')],
  ['services mix an engine value into a type import', 'src/main/services/p41.ts', "import { type Db, openDatabase } from '../engine/db/database';\nexport const o: (p: string) => Db = openDatabase;\n", TYPES('services')],
  ['the browser server imports the engine', 'src/main/server/p42.ts', "import { isInsideFolder } from '../engine/insideFolder';\nexport const i = isInsideFolder;\n", TYPES('server')],
];

describe('layering probes', () => {
  for (const [rule, file, code, expected] of PROBES) {
    it(`fail lint: ${rule}`, async () => {
      expect((await messagesFor(file, code)).join('\n')).toMatch(expected);
    });
  }
});
