// @ts-expect-error plain JS helper shared with bin/cuefinder.js
import { ensureBuild } from '../../bin/ensure-build.js';

/** Integration and browser tests run the built program (out/), so build it first when stale. */
export default function setup(): void {
  (ensureBuild as () => void)();
}
