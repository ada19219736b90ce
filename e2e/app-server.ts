// Builds (when needed) and starts the production Podscope server (server/main.ts) for browser tests, on
// 127.0.0.1 and a free port, pointed at the local cluster's kubeconfig.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../local-cluster/lib/processes.ts';
import { paths, REPO_DIR } from '../local-cluster/lib/paths.ts';

const STATE = join(REPO_DIR, 'test-results', 'e2e-server.json');

export interface AppServerOptions {
  env?: Record<string, string>;
  name?: string;
  /** listen here instead of on a free port (a restarted server on the same address) */
  port?: number;
  /** keep the data directory a previous server of this name left (its flight recorder, snapshots) */
  keepData?: boolean;
  /** false: start whatever build there is, even if sources changed since (a restart mid-run) */
  build?: boolean;
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

export const dataDirOf = (name: string) => join(REPO_DIR, 'test-results', `${name}-data`);

function freshDataDir(name: string): string {
  const dir = dataDirOf(name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

export async function startAppServer(opts: AppServerOptions = {}): Promise<{ url: string; pid: number }> {
  const name = opts.name ?? 'e2e-server';
  mkdirSync(join(REPO_DIR, 'test-results'), { recursive: true }); // its state and log live there, whoever calls
  const buildId = join(REPO_DIR, '.next', 'BUILD_ID');
  const sources = Math.max(...['app', 'components', 'lib', 'server'].map((d) => newestMtime(join(REPO_DIR, d))));
  if (!existsSync(buildId) || (opts.build !== false && statSync(buildId).mtimeMs < sources)) {
    console.log('e2e: building Podscope (next build)');
    execFileSync('npx', ['next', 'build'], { cwd: REPO_DIR, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  }
  const port = opts.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=8', join(REPO_DIR, 'server', 'main.ts'), '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: REPO_DIR,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // each server its own flight-recorder store, fresh per run (as on a new machine)
      env: {
        ...process.env,
        KUBECONFIG: paths.kubeconfig,
        NEXT_TELEMETRY_DISABLED: '1',
        PODSCOPE_LOG_LEVEL: 'info',
        PODSCOPE_DATA_DIR: opts.keepData ? dataDirOf(name) : freshDataDir(name),
        ...opts.env,
      },
    },
  );
  const logLines: string[] = [];
  child.stdout?.on('data', (d: Buffer) => logLines.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logLines.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  writeFileSync(join(REPO_DIR, 'test-results', `${name}.json`), JSON.stringify({ url, pid: child.pid }));
  child.unref();
  // keep the server's log for the secret-leak check and for debugging
  const logFile = join(REPO_DIR, 'test-results', `${name}.log`);
  if (!opts.keepData) writeFileSync(logFile, '');
  child.stdout?.on('data', (d: Buffer) => writeFileSync(logFile, d, { flag: 'a' }));
  child.stderr?.on('data', (d: Buffer) => writeFileSync(logFile, d, { flag: 'a' }));
  // how it ended, when it ends before we stop it (a signal leaves no line of its own)
  child.on('exit', (code, signal) =>
    writeFileSync(logFile, `app-server: ${name} exited (code ${code}, signal ${signal})\n`, { flag: 'a' }),
  );
  writeFileSync(logFile, logLines.join(''), { flag: 'a' });
  return { url, pid: child.pid! };
}

export function stopAppServer(name = 'e2e-server'): void {
  const state = name === 'e2e-server' ? STATE : join(REPO_DIR, 'test-results', `${name}.json`);
  if (!existsSync(state)) return;
  const { pid } = JSON.parse(readFileSync(state, 'utf8')) as { pid: number };
  // we started it detached, as its own process group: stop exactly that group, and if it has not
  // gone 5 s after SIGTERM (open event streams can hold a graceful close), kill it
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-pid, 'SIGTERM');
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 50 && alive(); i++) Atomics.wait(wait, 0, 0, 100);
  if (alive()) process.kill(-pid, 'SIGKILL');
}
