import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runShell } from './electron/shell';

// The Electron entry (out/main/index.js): the shell's files are found relative to it.
runShell(dirname(fileURLToPath(import.meta.url)));
