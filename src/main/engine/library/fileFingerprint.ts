import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const PROBE_BYTES = 64 * 1024;

/**
 * A content fingerprint that survives renames and moves: SHA-1 over the size and three 64 KiB
 * windows (start, middle, end). Cheap enough to run on every changed file, and any edit that
 * re-encodes or retags a file changes it.
 */
export async function fileFingerprint(path: string, size: number): Promise<string> {
  const hash = createHash('sha1');
  hash.update(String(size));
  const fh = await open(path, 'r');
  try {
    const offsets = size <= 3 * PROBE_BYTES ? [0] : [0, Math.floor(size / 2) - PROBE_BYTES / 2, size - PROBE_BYTES];
    const length = size <= 3 * PROBE_BYTES ? size : PROBE_BYTES;
    const buf = Buffer.alloc(length);
    for (const off of offsets) {
      const { bytesRead } = await fh.read(buf, 0, length, off);
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}
