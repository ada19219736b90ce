// Starting and stopping the control-plane processes. Every process we start gets a pid file that
// also records its executable, so `down` stops exactly what `up` started and never a stranger
// that happens to have reused the pid.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PidRecord {
  pid: number;
  exe: string;
  name: string;
  logFile: string;
}

export class ComponentError extends Error {
  readonly component: string;
  readonly logFile?: string;
  constructor(component: string, message: string, logFile?: string) {
    super(`${component}: ${message}${logFile ? `\n  log file: ${logFile}\n${tailOf(logFile)}` : ''}`);
    this.component = component;
    this.logFile = logFile;
  }
}

export function tailOf(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return '  (no log written)';
  const text = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines);
  return text.map((l) => `  | ${l}`).join('\n');
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

function pidFile(pidDir: string, name: string): string {
  return join(pidDir, `${name}.json`);
}

function exeOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  } catch {
    return undefined;
  }
}

export function readPid(pidDir: string, name: string): PidRecord | undefined {
  const f = pidFile(pidDir, name);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** True when the recorded pid is alive and still runs the executable we started. */
export function isAlive(rec: PidRecord): boolean {
  const exe = exeOf(rec.pid);
  if (exe === undefined) return false;
  // A zombie has no exe link; a reused pid runs another executable.
  return exe === rec.exe;
}

export interface StartSpec {
  name: string;
  exe: string;
  args: string[];
  logFile: string;
  pidDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function startProcess(spec: StartSpec): PidRecord {
  if (!existsSync(spec.exe)) throw new ComponentError(spec.name, `binary not found at ${spec.exe}; run 'npm run cluster:build'`);
  mkdirSync(spec.pidDir, { recursive: true });
  const out = openSync(spec.logFile, 'a');
  const child = spawn(spec.exe, spec.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: spec.env ?? process.env,
    cwd: spec.cwd,
  });
  closeSync(out);
  if (child.pid === undefined) throw new ComponentError(spec.name, 'failed to start', spec.logFile);
  child.unref();
  const rec: PidRecord = { pid: child.pid, exe: realpathSync(spec.exe), name: spec.name, logFile: spec.logFile };
  writeFileSync(pidFile(spec.pidDir, spec.name), JSON.stringify(rec));
  return rec;
}

/** SIGTERM, then SIGKILL after `graceMs`. Only ever signals a pid whose executable matches the record. */
export async function stopProcess(pidDir: string, name: string, graceMs = 5000): Promise<'stopped' | 'not-running'> {
  const rec = readPid(pidDir, name);
  if (!rec) return 'not-running';
  let result: 'stopped' | 'not-running' = 'not-running';
  if (isAlive(rec)) {
    result = 'stopped';
    try {
      process.kill(rec.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + graceMs;
    while (isAlive(rec) && Date.now() < deadline) await sleep(100);
    if (isAlive(rec)) {
      try {
        process.kill(rec.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      while (isAlive(rec)) await sleep(50);
    }
  }
  rmSync(pidFile(pidDir, name), { force: true });
  return result;
}

/** Polls `check` until it resolves true; fails fast, with the log tail, if the process dies. */
export async function waitUntil(rec: PidRecord, what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(rec)) throw new ComponentError(rec.name, `exited before it became ${what}`, rec.logFile);
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new ComponentError(rec.name, `did not become ${what} within ${Math.round(timeoutMs / 1000)}s`, rec.logFile);
}
