import { expect, it } from 'vitest';
import { matrix } from '../../../../src/main/engine/model/matrix';
import { fitGbdt } from '../../../../src/main/engine/model/gbdt/gbdt';
import { loadMlXgboostEngine } from '../../../../src/main/engine/model/gbdt/mlXgboostEngine';

// Its own file: an XGBoost error aborts the wasm runtime for the rest of the process.
it('turns an ml-xgboost abort into an Error and refuses the damaged runtime afterwards', async () => {
  const engine = await loadMlXgboostEngine();
  const x = matrix(4, 1, Float32Array.from([0, 1, 2, 3]));
  const y = Float32Array.from([0, 1, 0, 1]);
  const session = engine.openSession({ x, y }, undefined, { objective: 'no-such-objective', silent: 1 });
  try {
    expect(() => session.boostOneRound(0)).toThrow(/^ml-xgboost train failed inside XGBoost/);
  } finally {
    session.free();
  }
  expect(() => fitGbdt(engine, { x, y }, undefined, { rounds: 2 })).toThrow(/unusable in this process after an earlier failure/);
});
