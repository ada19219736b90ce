// The local cluster behaves like a real one: every scenario pod reaches the STATUS kubectl
// would print for it (the apiserver's own Table rendering), the real scheduler explains the
// Pending ones, logs work, and the tooling starts and stops exactly its own processes.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SIM } from '../../local-cluster/sim/convention.ts';
import { SCENARIOS } from '../../local-cluster/sim/scenarios.ts';
import { apiGet, eventually, kubectl, podTable } from '../support/local-cluster.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'local-cluster', 'cli.ts');

describe('scenarios reach the state kubectl shows for them', () => {
  for (const s of SCENARIOS.filter((x) => x.noPods)) {
    it(`${s.name}: no pods, ReplicaSet ${s.expect}`, async () => {
      const rs = await eventually(
        'a ReplicaSet with ReplicaFailure',
        async () => {
          const list = await apiGet<{
            items: { status?: { conditions?: { type: string; status: string; reason: string; message: string }[] } }[];
          }>(`/apis/apps/v1/namespaces/${s.namespace}/replicasets`);
          return list.items.find((r) => r.status?.conditions?.some((c) => c.type === 'ReplicaFailure' && c.status === 'True'));
        },
        60_000,
      );
      const c = rs.status!.conditions!.find((x) => x.type === 'ReplicaFailure')!;
      expect(c.reason).toBe('FailedCreate');
      expect(c.message).toMatch(/exceeded quota: pod-limit/);
      expect(await podTable(s.namespace)).toEqual([]);
    });
  }
  for (const s of SCENARIOS.filter((x) => !x.noPods)) {
    it(`${s.name}: ${s.expect}`, async () => {
      const want = new RegExp(`^(${s.expect})$`);
      const rows = await eventually(
        `${s.namespace} pods to show ${s.expect}`,
        async () => {
          const r = await podTable(s.namespace, s.selector);
          return r.length > 0 && r.every((row) => want.test(row.status)) ? r : undefined;
        },
        120_000,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.status).toMatch(want);
    });
  }

  it('crash loops settle in CrashLoopBackOff with a rising restart count, a kept lastState and the kubelet back-off message', async () => {
    const pod = await eventually(
      'checkout in CrashLoopBackOff with 2+ restarts',
      async () => {
        const list = await apiGet<{
          items: {
            metadata: { name: string; uid: string; namespace: string };
            status: {
              containerStatuses: {
                restartCount: number;
                state: { waiting?: { reason: string; message: string } };
                lastState: { terminated?: { exitCode: number; reason: string } };
              }[];
            };
          }[];
        }>('/api/v1/namespaces/demo-crash-error/pods');
        const p = list.items[0];
        const cs = p?.status.containerStatuses?.[0];
        return cs?.state.waiting?.reason === 'CrashLoopBackOff' && cs.restartCount >= 2 ? p : undefined;
      },
      90_000,
    );
    const cs = pod.status.containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    // the kubelet's crash back-off: 10s after the second exit, doubling, at most 5m
    const seconds = Math.min(10 * 2 ** (cs.restartCount - 1), 300);
    const delay = seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
    expect(cs.state.waiting?.message).toBe(
      `back-off ${delay} restarting failed container=checkout pod=${pod.metadata.name}_demo-crash-error(${pod.metadata.uid})`,
    );
    const events = JSON.parse((await kubectl(['-n', 'demo-crash-error', 'get', 'events', '-o', 'json'])).stdout) as {
      items: { reason: string; type: string; message: string; count: number }[];
    };
    const backoff = events.items.find((e) => e.reason === 'BackOff');
    expect(backoff?.type).toBe('Warning');
    expect(backoff?.message).toBe(
      `Back-off restarting failed container checkout in pod ${pod.metadata.name}_demo-crash-error(${pod.metadata.uid})`,
    );
  });

  it('OOM and liveness kills both exit 137; only the liveness kill has Unhealthy and Killing events', async () => {
    const last = async (ns: string) =>
      eventually(
        `${ns} to have a terminated lastState`,
        async () => {
          const list = await apiGet<{
            items: { status: { containerStatuses?: { lastState: { terminated?: { exitCode: number; reason: string } } }[] } }[];
          }>(`/api/v1/namespaces/${ns}/pods`);
          return list.items[0]?.status.containerStatuses?.[0]?.lastState.terminated;
        },
        90_000,
      );
    expect(await last('demo-crash-oom')).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(await last('demo-liveness')).toMatchObject({ exitCode: 137, reason: 'Error' });
    const reasons = async (ns: string) =>
      (JSON.parse((await kubectl(['-n', ns, 'get', 'events', '-o', 'json'])).stdout) as { items: { reason: string; message: string }[] })
        .items;
    const live = await reasons('demo-liveness');
    expect(live.find((e) => e.reason === 'Unhealthy')?.message).toMatch(/^Liveness probe failed: /);
    expect(live.find((e) => e.reason === 'Killing')?.message).toBe('Container gateway failed liveness probe, will be restarted');
    const oom = await reasons('demo-crash-oom');
    expect(oom.some((e) => e.reason === 'Unhealthy' || e.reason === 'Killing')).toBe(false);
  });

  it('image pulls fail with the kubelet event sequence and alternating waiting reasons', async () => {
    // A fresh pod, so the first pull attempts are observed (long-lived ones are deep in back-off).
    const ns = 'demo-image-not-found';
    const img = 'nginx:1.99-does-not-exist';
    const name = `probe-${Date.now().toString(36)}`;
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, annotations: { [SIM.fail]: 'image-not-found' } },
        spec: { containers: [{ name: 'web', image: img }] },
      }),
    });
    try {
      const seen: string[] = [];
      await eventually(
        'ErrImagePull → ImagePullBackOff → ErrImagePull',
        async () => {
          const row = (await podTable(ns)).find((r) => r.name === name);
          if (row && seen.at(-1) !== row.status) seen.push(row.status);
          const i = seen.indexOf('ErrImagePull');
          return (
            i >= 0 && seen.indexOf('ImagePullBackOff', i) > i && seen.lastIndexOf('ErrImagePull') > seen.indexOf('ImagePullBackOff', i)
          );
        },
        40_000,
        200,
      );
      const events = (
        JSON.parse(
          (await kubectl(['-n', ns, 'get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).stdout,
        ) as { items: { reason: string; type: string; message: string; count: number; involvedObject: { fieldPath: string } }[] }
      ).items;
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${img}"`, count: 2 }),
          expect.objectContaining({
            type: 'Warning',
            reason: 'Failed',
            message: `Failed to pull image "${img}": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${img}": failed to resolve reference "docker.io/library/${img}": docker.io/library/${img}: not found`,
          }),
          expect.objectContaining({ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' }),
          expect.objectContaining({ type: 'Normal', reason: 'BackOff', message: `Back-off pulling image "${img}"` }),
          expect.objectContaining({ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' }),
        ]),
      );
      for (const e of events.filter((x) => x.reason !== 'Scheduled')) expect(e.involvedObject.fieldPath).toBe('spec.containers{web}');
    } finally {
      await kubectl(['-n', ns, 'delete', 'pod', name, '--wait=false']);
    }
  });

  it('CreateContainerConfigError names the missing Secret or key', async () => {
    const msg = async (ns: string) =>
      eventually(`${ns} waiting message`, async () => {
        const list = await apiGet<{ items: { status: { containerStatuses?: { state: { waiting?: { message?: string } } }[] } }[] }>(
          `/api/v1/namespaces/${ns}/pods`,
        );
        return list.items[0]?.status.containerStatuses?.[0]?.state.waiting?.message;
      });
    expect(await msg('demo-config-secret')).toBe('secret "stripe-api" not found');
    expect(await msg('demo-config-key')).toBe("couldn't find key password in Secret demo-config-key/db-credentials");
  });

  it('FailedScheduling events carry the real scheduler reasons', async () => {
    const want: Record<string, RegExp> = {
      // (4 workers, and the node-not-ready scenario's node)
      'demo-pending-cpu': /^0\/5 nodes are available: .*Insufficient cpu/,
      'demo-pending-memory': /^0\/5 nodes are available: .*Insufficient memory/,
      'demo-pending-taint': /untolerated taint/,
      'demo-pending-selector': /didn't match Pod's node affinity\/selector/,
      'demo-pending-pvc': /pod has unbound immediate PersistentVolumeClaims/,
    };
    for (const [ns, re] of Object.entries(want)) {
      const msg = await eventually(`FailedScheduling in ${ns}`, async () => {
        const r = await kubectl([
          '-n',
          ns,
          'get',
          'events',
          '--field-selector',
          'reason=FailedScheduling',
          '-o',
          'jsonpath={.items[0].message}',
        ]);
        return r.stdout || undefined;
      });
      expect(msg).toMatch(re);
    }
  });

  it('the rollout leaves the old ReplicaSet healthy and the new one crashing', async () => {
    const byVersion = async (v: string) => podTable('demo-rollout', `app=storefront,version=${v}`);
    expect((await byVersion('v1')).map((r) => `${r.status} ${r.ready}`)).toEqual(['Running 1/1', 'Running 1/1', 'Running 1/1']);
    // the rollout stalls at one new pod (maxSurge 1), which keeps crashing
    const v2 = await byVersion('v2');
    expect(v2).toHaveLength(1);
    expect(v2[0].status).toMatch(/^(CrashLoopBackOff|Error|Running)$/);
    expect(Number(v2[0].restarts.split(' ')[0])).toBeGreaterThanOrEqual(1);
  });
});

describe('logs through the apiserver', () => {
  it('kubectl logs and logs --previous return lines', async () => {
    const name = (await podTable('demo-crash-error'))[0].name;
    const cur = await kubectl(['-n', 'demo-crash-error', 'logs', name]);
    expect(cur.stdout).toContain('starting server version=1.4.2');
    const prev = await kubectl(['-n', 'demo-crash-error', 'logs', name, '--previous']);
    expect(prev.stdout).toContain('fatal: giving up after 3 attempts, exiting with status 1');
    const ts = await kubectl(['-n', 'demo-crash-error', 'logs', name, '--timestamps', '--tail=1']);
    expect(ts.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
  });

  it('a followed stream keeps producing new lines', async () => {
    const name = (await podTable('demo-healthy'))[0].name;
    const { kubeconfig } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '.local-cluster', 'cluster.json'), 'utf8')) as {
      kubeconfig: string;
    };
    const kubectlBin = join(
      JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '.local-cluster', 'cluster.json'), 'utf8')).binDir as string,
      'kubectl',
    );
    const out = await new Promise<string>((resolve) => {
      let buf = '';
      const child = execFile(kubectlBin, ['-n', 'demo-healthy', 'logs', '-f', '--tail=1', name], {
        env: { ...process.env, KUBECONFIG: kubeconfig },
      });
      child.stdout?.on('data', (d: string) => {
        buf += d;
      });
      setTimeout(() => {
        child.kill('SIGTERM');
        resolve(buf);
      }, 3500);
    });
    const seqs = [...out.matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));
    expect(seqs.length).toBeGreaterThanOrEqual(3);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});

describe('cluster tooling', () => {
  it('refuses a port in use, naming the component', async () => {
    const srv: Server = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'podscope-lc-'));
    try {
      const err = await run(process.execPath, [CLI, 'up', `--apiserver-port=${port}`], {
        env: { ...process.env, PODSCOPE_CLUSTER_DIR: dir },
      }).then(
        () => undefined,
        (e: { stderr: string; code: number }) => e,
      );
      expect(err?.code).toBe(1);
      expect(err?.stderr).toContain(`kube-apiserver: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      srv.close();
      await run(process.execPath, [CLI, 'down'], { env: { ...process.env, PODSCOPE_CLUSTER_DIR: dir } });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('up twice is harmless, a crashed component is named with its log, and down leaves no process behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podscope-lc-'));
    const env = { ...process.env, PODSCOPE_CLUSTER_DIR: dir };
    try {
      await run(process.execPath, [CLI, 'up'], { env });
      const again = await run(process.execPath, [CLI, 'up'], { env });
      expect(again.stdout).toContain('already up');
      const pids = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'log-writer'].map(
        (n) => JSON.parse(readFileSync(join(dir, 'pids', `${n}.json`), 'utf8')) as { pid: number; name: string },
      );
      for (const p of pids) expect(existsSync(`/proc/${p.pid}`)).toBe(true);

      const scheduler = pids.find((p) => p.name === 'kube-scheduler')!;
      process.kill(scheduler.pid, 'SIGKILL');
      await eventually(
        'scheduler to be gone',
        async () => !existsSync(`/proc/${scheduler.pid}/exe`) || readFileSync(`/proc/${scheduler.pid}/stat`, 'utf8').includes(') Z'),
      );
      const st = await run(process.execPath, [CLI, 'status'], { env }).then(
        (r) => r,
        (e: { stdout: string; code: number }) => e,
      );
      expect(st.stdout).toMatch(new RegExp(`kube-scheduler\\s+NOT RUNNING\\s+log ${dir}/logs/kube-scheduler.log`));
      const healed = await run(process.execPath, [CLI, 'up'], { env });
      expect(healed.stdout).toContain(
        `kube-scheduler (pid ${scheduler.pid}) is not running any more; restarting it. Its log: ${dir}/logs/kube-scheduler.log`,
      );

      const restarted = JSON.parse(readFileSync(join(dir, 'pids', 'kube-scheduler.json'), 'utf8')) as { pid: number };
      await run(process.execPath, [CLI, 'down'], { env });
      for (const p of [...pids.filter((p) => p.name !== 'kube-scheduler'), restarted]) {
        expect(existsSync(`/proc/${p.pid}/exe`) && readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(' ')[2] !== 'Z').toBe(false);
      }
      expect(existsSync(dir)).toBe(false);
    } finally {
      await run(process.execPath, [CLI, 'down'], { env }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
