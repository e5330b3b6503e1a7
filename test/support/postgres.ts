/**
 * A throwaway PostgreSQL server for one test run: `initdb` into a fresh temporary folder, `pg_ctl
 * start` on a free 127.0.0.1 port with its unix socket in that folder, and `stop()` removes it all.
 * With PRASASTI_PG_URL set, that server is used instead: a fresh database is created for the run
 * and dropped by `stop()`.
 *
 * The server binaries are Debian's (/usr/lib/postgresql/<version>/bin, not the PATH wrappers of
 * postgresql-common), or the folder PRASASTI_PG_BIN names. initdb refuses to run as root, so as
 * root the server runs as the `postgres` system user, which owns the temporary folder.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** postgresql://user:password@host:port/database, for `pg`, Kysely or psql. */
  url: string;
  /** The temporary folder holding the data directory, socket and log (absent with PRASASTI_PG_URL). */
  dir?: string;
  /** Shuts the server down and removes its folder, or drops the run's database; safe to call twice. */
  stop(): Promise<void>;
}

const SERVER_BINARIES = ['initdb', 'pg_ctl', 'postgres'];
const INSTALL_HINT = "install Debian's PostgreSQL server with 'apt-get install -y --no-install-recommends postgresql' (.ci/run does this), or set PRASASTI_PG_URL to a server you may create databases on";
const START_TIMEOUT_S = 30;
const CONNECT_DEADLINE_MS = 15_000;
const OS_USER = 'postgres';

/** The folder with initdb, pg_ctl and postgres, newest version first; undefined when none is installed. */
export function serverBinDir(): string | undefined {
  const fromEnv = process.env.PRASASTI_PG_BIN;
  if (fromEnv) return hasServerBinaries(fromEnv) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find(hasServerBinaries);
}

function hasServerBinaries(dir: string): boolean {
  return SERVER_BINARIES.every((b) => existsSync(path.join(dir, b)));
}

const isRoot = () => process.getuid?.() === 0;

/** uid and gid of the `postgres` system user, or undefined when there is none. */
function postgresUser(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${OS_USER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

/** Whether startPostgres() can work here: PRASASTI_PG_URL is set, or the server is installed (and, as root, its user exists). */
export function pgAvailable(): boolean {
  if (process.env.PRASASTI_PG_URL) return true;
  return serverBinDir() !== undefined && (!isRoot() || postgresUser() !== undefined);
}

/** Starts a throwaway server (or a fresh database on PRASASTI_PG_URL's server) and waits until it accepts connections. */
export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.PRASASTI_PG_URL;
  return external ? freshDatabase(external) : startServer();
}

async function startServer(): Promise<TestPostgres> {
  const bin = serverBinDir();
  if (!bin) throw new Error(`PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin${process.env.PRASASTI_PG_BIN ? ` nor in PRASASTI_PG_BIN=${process.env.PRASASTI_PG_BIN}` : ''}: ${INSTALL_HINT}`);
  const owner = isRoot() ? postgresUser() : undefined;
  if (isRoot() && !owner) throw new Error(`running as root, the PostgreSQL server needs the '${OS_USER}' system user, which does not exist: ${INSTALL_HINT}`);

  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-pg-'));
  const server = new Server(bin, dir, owner);
  running.add(server);
  try {
    await server.init();
    await server.start();
    await waitForConnection(server.url, CONNECT_DEADLINE_MS);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: server.url, dir, stop: () => server.stop() };
}

/** One server in one temporary folder. */
class Server {
  readonly data: string;
  readonly password = randomBytes(18).toString('base64url');
  port = 0;
  private stopped = false;

  constructor(readonly bin: string, readonly dir: string, readonly owner: { uid: number; gid: number } | undefined) {
    this.data = path.join(dir, 'data');
    if (owner) chownSync(dir, owner.uid, owner.gid);
  }

  get url(): string {
    return `postgresql://postgres:${this.password}@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    const pwfile = path.join(this.dir, 'pwfile');
    writeFileSync(pwfile, this.password + '\n', { mode: 0o600 });
    if (this.owner) chownSync(pwfile, this.owner.uid, this.owner.gid);
    await this.run('initdb', ['-D', this.data, '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`]);
    rmSync(pwfile);
    // A test server: nothing has to survive a crash, so skip what makes writes durable. The
    // appended lines override initdb's defaults; the file stays owned by the server's user.
    appendFileSync(path.join(this.data, 'postgresql.conf'), [
      '', '# prasasti test server',
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${this.dir}'`,
      'fsync = off', 'synchronous_commit = off', 'full_page_writes = off',
      'logging_collector = off', '',
    ].join('\n'));
  }

  /** pg_ctl start on a free port; another process may take the port between the probe and the bind, so a few tries. */
  async start(): Promise<void> {
    const log = path.join(this.dir, 'server.log');
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      try {
        await this.run('pg_ctl', ['-D', this.data, '-l', log, '-o', `-p ${this.port}`, '-w', '-t', String(START_TIMEOUT_S), 'start']);
        return;
      } catch (e) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
        if (attempt < 5 && /could not (bind|create listen socket)|Address already in use/i.test(serverLog)) continue;
        throw new Error(`${(e as Error).message}\nserver log (${log}):\n${serverLog.split('\n').slice(-20).join('\n')}`);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    running.delete(this);
    const pid = this.postmasterPid();
    if (pid !== undefined) {
      await this.run('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', '-t', String(START_TIMEOUT_S), 'stop']).catch(() => this.stopNow());
      // pg_ctl returns once the pid file is gone, a moment before the postmaster has exited.
      await processExit(pid, START_TIMEOUT_S * 1000);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private postmasterPid(): number | undefined {
    const file = path.join(this.data, 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) || undefined : undefined;
  }

  /** Synchronous immediate shutdown, for the process's exit handler. */
  stopNow(): void {
    this.stopped = true;
    if (existsSync(path.join(this.data, 'postmaster.pid'))) {
      const [cmd, args] = this.command('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
      spawnSync(cmd, args, { cwd: this.dir, stdio: 'ignore' });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private command(program: string, args: string[]): [string, string[]] {
    const exe = path.join(this.bin, program);
    return this.owner ? ['runuser', ['-u', OS_USER, '--', exe, ...args]] : [exe, args];
  }

  private run(program: string, args: string[]): Promise<string> {
    const [cmd, argv] = this.command(program, args);
    // The server's user may not be able to enter our working folder; PG* variables would redirect the tools.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
    return new Promise((resolve, reject) => {
      execFile(cmd, argv, { cwd: this.dir, env: { ...env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${program} failed (${err.code ?? err.signal}): ${(stderr || stdout).trim()}`));
        else resolve(stdout);
      });
    });
  }
}

/** Servers not yet stopped; stopped at exit should a test forget, so no postgres outlives the run. */
const running = new Set<Server>();
process.once('exit', () => {
  for (const s of running) s.stopNow();
});

/** Resolves once process `pid` has exited (a zombie counts as exited: its parent, not us, reaps it). */
async function processExit(pid: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  const alive = () => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    return !isZombie(pid);
  };
  while (alive()) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL server ${pid} still running ${deadlineMs} ms after pg_ctl stop`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether `pid` has exited and waits to be reaped (Linux /proc; false elsewhere). */
export function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once `url` accepts a connection and answers a query; rejects with the last error after `deadlineMs`. */
export async function waitForConnection(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${redact(url)} did not accept connections within ${deadlineMs} ms: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function freshDatabase(serverUrl: string): Promise<TestPostgres> {
  const name = `prasasti_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await waitForConnection(serverUrl, CONNECT_DEADLINE_MS);
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async stop() {
      if (dropped) return;
      dropped = true;
      await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
