/** CMX3600 reel fields hold 8 characters; longer names are truncated or rejected by NLEs. */
export const REEL_LENGTH = 8;

/** Reel names with a fixed meaning in EDLs (aux source, black, bars), never given to a file. */
const RESERVED_REELS = new Set(['AX', 'BL', 'BLACK', 'BARS']);

const FALLBACK_REEL = 'REEL';

/**
 * The reel stem of a name: extension dropped, accents folded (é → E), upper case, only A–Z and
 * 0–9 kept (what the OTIO CMX adapter and most conform tools accept), cut to 8 characters.
 */
export function sanitizeReel(name: string): string {
  return name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, REEL_LENGTH);
}

function withSuffix(base: string, n: number): string {
  const suffix = String(n).padStart(2, '0');
  return base.slice(0, REEL_LENGTH - suffix.length) + suffix;
}

/**
 * One reel per distinct path, in first-appearance order, so the same input always gives the same
 * names. A name already taken by another path (or reserved) gets a two-digit counter in its last
 * characters: OPENINGS, then OPENIN02, OPENIN03 …
 */
export function assignReels(entries: ReadonlyArray<{ path: string; name: string }>): Map<string, string> {
  const byPath = new Map<string, string>();
  const taken = new Set<string>(RESERVED_REELS);
  for (const { path, name } of entries) {
    if (byPath.has(path)) continue;
    const base = sanitizeReel(name) || FALLBACK_REEL;
    let reel = base;
    for (let n = 2; taken.has(reel); n++) reel = withSuffix(base, n);
    taken.add(reel);
    byPath.set(path, reel);
  }
  return byPath;
}
