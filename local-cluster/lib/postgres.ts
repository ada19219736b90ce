// A throwaway PostgreSQL for the tests of Podscope's PostgreSQL store (and for anyone who wants
// one beside the local cluster): Debian's server binaries (the `postgresql` package), a fresh
// data directory under the system's temporary directory, password authentication, 127.0.0.1
// only (and a Unix socket in its own directory, never /var/run). initdb and postgres refuse to
// run as root: as root they run as the package's `postgres` user. Stopped by its pid.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { freePort, isAlive, type PidRecord, startProcess, stopProcess } from './processes.ts';

export interface Postgres {
  /** postgres://podscope:…@127.0.0.1:port/postgres */
  url: string;
  /** a URL of a new, empty database on this server */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Where Debian's PostgreSQL server binaries are, or why there are none. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  if (!versions.length)
    throw new Error("PostgreSQL's server is not installed (Debian: apt-get install postgresql; scripts/test.sh installs it as root)");
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** `fsync` on for benchmarks (the tests run with it off: their data is thrown away). */
export async function startPostgres(opts: { fsync?: boolean } = {}): Promise<Postgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'podscope-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const asRoot = process.getuid?.() === 0;
  // as root: the postgres user runs it, and owns its directory
  const ids = asRoot
    ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) }
    : undefined;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (ids) chownSync(pwfile, ids.uid, ids.gid);
  execFileSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'podscope', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-sync'],
    {
      stdio: 'pipe',
      ...ids,
    },
  );
  rmSync(pwfile);
  const port = await freePort();
  const pidDir = join(dir, 'pids');
  const rec = startProcess({
    name: 'postgres',
    exe: asRoot ? '/usr/bin/setpriv' : join(bin, 'postgres'),
    args: [
      ...(asRoot ? ['--reuid=postgres', '--regid=postgres', '--init-groups', join(bin, 'postgres')] : []),
      '-D',
      data,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      `fsync=${opts.fsync ? 'on' : 'off'}`,
      '-c',
      'max_connections=50',
    ],
    logFile: join(dir, 'postgres.log'),
    pidDir,
  });
  // (setpriv execs postgres in place: the pid is the postmaster's, its executable postgres)
  const pg: PidRecord = { ...rec, exe: join(bin, 'postgres') };
  writeFileSync(join(pidDir, 'postgres.json'), JSON.stringify(pg));
  const url = `postgres://podscope:${password}@127.0.0.1:${port}/postgres`;
  const { default: pgLib } = await import('pg');
  const query = async (sql: string) => {
    const c = new pgLib.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  for (let i = 0; ; i++) {
    try {
      await query('SELECT 1');
      break;
    } catch (err) {
      if (i > 100 || !isAlive(pg)) {
        await stopProcess(pidDir, 'postgres');
        throw new Error(`PostgreSQL did not start: ${(err as Error).message} (log: ${join(dir, 'postgres.log')})`, { cause: err });
      }
      await sleep(100);
    }
  }
  return {
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      await query(`CREATE DATABASE ${name}`);
      return url.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      await stopProcess(pidDir, 'postgres', 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
