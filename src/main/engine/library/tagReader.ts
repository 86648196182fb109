import { parseFile } from 'music-metadata';
import { basename, extname } from 'node:path';
import type { TrackTags } from '../db/trackRepository';

/**
 * Reads title/artist/album/genre/year. Tags are a nicety: a file whose tags cannot be parsed is
 * still indexed, titled after its file name.
 */
export async function readTags(path: string): Promise<TrackTags> {
  const fallbackTitle = basename(path, extname(path));
  try {
    const meta = await parseFile(path, { duration: false, skipCovers: true });
    const c = meta.common;
    return {
      title: c.title?.trim() || fallbackTitle,
      artist: c.artist?.trim() || undefined,
      album: c.album?.trim() || undefined,
      genre: c.genre?.[0]?.trim() || undefined,
      year: c.year && Number.isFinite(c.year) ? c.year : undefined,
    };
  } catch {
    return { title: fallbackTitle };
  }
}
