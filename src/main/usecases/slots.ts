import { embeddingSlots, type EmbeddingSlots } from '../engine/embedding/slots';
import { UsecaseError } from './errors';

/**
 * The deep-embedding slots named by CUEFINDER_AUDIO_EMBEDDING / CUEFINDER_VIDEO_EMBEDDING (none by
 * default), loaded once per process; a bad model folder is the caller's input error. Front doors
 * call this before opening anything, so such a folder stops a command before any work.
 */
export async function requireSlots(): Promise<EmbeddingSlots> {
  try {
    return await embeddingSlots();
  } catch (err) {
    throw new UsecaseError('invalid-argument', (err as Error).message);
  }
}
