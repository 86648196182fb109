import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function runCliJson<T>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const res = runCli([...args, '--json'], env);
  if (res.status !== 0) throw new Error(`cuefinder ${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

export function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
