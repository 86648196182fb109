/**
 * Small dense float64 linear algebra for the CCA objective (matrices of at most a few hundred
 * rows/cols). Row-major; an n×m matrix is a Float64Array of n·m values plus its dimensions.
 */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export const mat = (rows: number, cols: number, data: Float64Array = new Float64Array(rows * cols)): Mat => ({ rows, cols, data });

export function identity(n: number, scale = 1): Mat {
  const out = mat(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = scale;
  return out;
}

export function multiply(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) throw new Error(`multiply: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = mat(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bRow = k * b.cols;
      const oRow = i * b.cols;
      for (let j = 0; j < b.cols; j++) out.data[oRow + j] += aik * b.data[bRow + j];
    }
  }
  return out;
}

export function transpose(a: Mat): Mat {
  const out = mat(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

/** aᵀ·b without forming aᵀ (both with rows = samples). */
export function crossProduct(a: Mat, b: Mat): Mat {
  if (a.rows !== b.rows) throw new Error(`crossProduct: ${a.rows} vs ${b.rows} rows`);
  const out = mat(a.cols, b.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let i = 0; i < a.cols; i++) {
      const ai = a.data[r * a.cols + i];
      if (ai === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += ai * b.data[r * b.cols + j];
    }
  }
  return out;
}

export function scale(a: Mat, s: number): Mat {
  return mat(a.rows, a.cols, a.data.map((v) => v * s));
}

export function add(a: Mat, b: Mat): Mat {
  return mat(a.rows, a.cols, a.data.map((v, i) => v + b.data[i]));
}

/** V·diag(d)·Vᵀ over the columns of V (n×k) selected by `keep`. */
export function fromEigen(vectors: Mat, d: ArrayLike<number>, keep: (i: number) => boolean = () => true): Mat {
  const n = vectors.rows;
  const out = mat(n, n);
  for (let k = 0; k < vectors.cols; k++) {
    if (!keep(k) || d[k] === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = vectors.data[i * vectors.cols + k] * d[k];
      if (vik === 0) continue;
      for (let j = 0; j < n; j++) out.data[i * n + j] += vik * vectors.data[j * vectors.cols + k];
    }
  }
  return out;
}

export interface Eigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /** Column k is the unit eigenvector of values[k]. */
  readonly vectors: Mat;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. Accurate to ~1e-12 relative
 * for the well-conditioned covariance matrices here; O(n³) per sweep, a handful of sweeps.
 */
export function symmetricEigen(a: Mat, maxSweeps = 60): Eigen {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`symmetricEigen needs a square matrix, got ${a.rows}×${a.cols}`);
  const m = Float64Array.from(a.data);
  const v = identity(n).data;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j] ** 2;
    }
    // Off-diagonal mass below 1e-24 of the diagonal's (1e-12 in magnitude): converged to float64 noise.
    if (off <= 1e-24 * diag || off < 1e-300) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) <= 1e-18 * Math.sqrt(Math.abs(m[p * n + p] * m[q * n + q])) || apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(m, v, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j] - m[i * n + i]);
  const values = Float64Array.from(order, (i) => m[i * n + i]);
  const vectors = mat(n, n);
  order.forEach((src, k) => {
    for (let i = 0; i < n; i++) vectors.data[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}

/** Applies the Jacobi rotation that zeroes m[p][q] to m (both sides) and accumulates it into v. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p];
    const mkq = m[k * n + q];
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k];
    const mqk = m[q * n + k];
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}
