/**
 * A dense row-major float32 matrix: the one currency between feature extraction, the dataset
 * code and every model (AFCLNet, DCCA, GBDT, baselines). Rows are samples.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  if (data && data.length !== rows * cols) {
    throw new Error(`matrix data has ${data.length} values, expected ${rows}×${cols}`);
  }
  return { rows, cols, data: data ?? new Float32Array(rows * cols) };
}

export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length ? rows[0].length : 0;
  const out = matrix(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`row ${i} has ${r.length} values, expected ${cols}`);
    out.data.set(r, i * cols);
  });
  return out;
}

export function row(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = matrix(indices.length, m.cols);
  for (let k = 0; k < indices.length; k++) out.data.set(row(m, indices[k]), k * m.cols);
  return out;
}

export function hconcat(...parts: Matrix[]): Matrix {
  const rows = parts[0].rows;
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const out = matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    let off = i * cols;
    for (const p of parts) {
      if (p.rows !== rows) throw new Error(`hconcat: ${p.rows} rows vs ${rows}`);
      out.data.set(row(p, i), off);
      off += p.cols;
    }
  }
  return out;
}

/** Per-column z-score statistics, fitted on training rows only. */
export interface Standardizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;
}

export function fitStandardizer(m: Matrix): Standardizer {
  const mean = new Float32Array(m.cols);
  const std = new Float32Array(m.cols);
  for (let j = 0; j < m.cols; j++) {
    let s = 0;
    for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + j];
    const mu = m.rows ? s / m.rows : 0;
    let v = 0;
    for (let i = 0; i < m.rows; i++) v += (m.data[i * m.cols + j] - mu) ** 2;
    mean[j] = mu;
    // Constant columns keep unit scale so they map to 0 instead of dividing by zero.
    std[j] = m.rows > 1 && v > 1e-12 ? Math.sqrt(v / (m.rows - 1)) : 1;
  }
  return { mean, std };
}

export function standardize(m: Matrix, s: Standardizer): Matrix {
  const out = matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      out.data[i * m.cols + j] = (m.data[i * m.cols + j] - s.mean[j]) / s.std[j];
    }
  }
  return out;
}
