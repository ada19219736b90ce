// The manifests in deploy/ pass the API server's own validation (dry run) and, applied for real,
// yield a Podscope pod that reaches Running under the simulated kubelet, admitted by the
// namespace's "restricted" Pod Security level.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO_DIR } from '../../local-cluster/lib/paths.ts';
import { eventually, kubectl, podTable } from '../support/local-cluster.ts';

const DEPLOY = join(REPO_DIR, 'deploy');

afterAll(async () => {
  await kubectl(['delete', '-f', join(DEPLOY, 'proxy-mode'), '--wait=false', '--ignore-not-found'], { allowFail: true });
  await kubectl(['delete', '-f', DEPLOY, '--wait=false', '--ignore-not-found'], { allowFail: true });
  await kubectl(['delete', 'pv', 'podscope-data-test', '--wait=false', '--ignore-not-found'], { allowFail: true });
  await kubectl(['delete', 'namespace', 'my-team', '--wait=false', '--ignore-not-found'], { allowFail: true });
});

describe('deploy/ manifests', () => {
  it('pass a server-side dry run, then run', async () => {
    await kubectl(['apply', '-f', join(DEPLOY, '00-namespace.yaml')]);
    const dry = await kubectl(['apply', '--dry-run=server', '-f', DEPLOY]);
    expect(dry.stdout).toContain('deployment.apps/podscope created (server dry run)');
    expect(dry.stdout).toContain('persistentvolumeclaim/podscope-data created (server dry run)');
    await kubectl(['apply', '-f', DEPLOY]);
    // the data claim binds (to a local volume made here: the local cluster has no provisioner),
    // and the pod that mounts it runs
    const claim = JSON.parse((await kubectl(['-n', 'podscope', 'get', 'pvc', 'podscope-data', '-o', 'json'])).stdout);
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'podscope-data-test' },
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: claim.spec.storageClassName ?? '',
          claimRef: { namespace: 'podscope', name: 'podscope-data' },
          hostPath: { path: '/tmp/podscope-data-test' },
        },
      }),
    });
    await eventually(
      'the data claim bound',
      async () =>
        JSON.parse((await kubectl(['-n', 'podscope', 'get', 'pvc', 'podscope-data', '-o', 'json'])).stdout).status.phase === 'Bound' ||
        undefined,
      60_000,
    );
    const dep = JSON.parse((await kubectl(['-n', 'podscope', 'get', 'deployment', 'podscope', '-o', 'json'])).stdout);
    expect(dep.spec.strategy.type).toBe('Recreate');
    const rows = await eventually(
      'the podscope pod Running',
      async () => {
        const r = await podTable('podscope');
        return r.length === 1 && r[0].status === 'Running' ? r : undefined;
      },
      60_000,
    );
    expect(rows[0].ready).toBe('1/1');
    const pod = JSON.parse((await kubectl(['-n', 'podscope', 'get', 'pods', '-o', 'json'])).stdout).items[0];
    const c = pod.spec.containers[0];
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    // the role grants reads only, and nothing on Secrets
    const can = async (verb: string, res: string) =>
      (
        await kubectl(['auth', 'can-i', verb, res, '--as=system:serviceaccount:podscope:podscope', '-A'], { allowFail: true })
      ).stdout.trim();
    expect(await can('list', 'pods')).toBe('yes');
    expect(await can('get', 'secrets')).toBe('no');
    expect(await can('delete', 'pods')).toBe('no');
  });

  it('the namespaced variant passes a dry run', async () => {
    await kubectl(['create', 'namespace', 'my-team'], { allowFail: true });
    const dry = await kubectl(['apply', '--dry-run=server', '-f', join(DEPLOY, 'namespaced')]);
    expect(dry.stdout).toContain('role.rbac.authorization.k8s.io/podscope-viewer created (server dry run)');
  });

  it('the proxy-mode role passes a dry run and lets the service account impersonate users and groups only', async () => {
    const dir = join(DEPLOY, 'proxy-mode');
    const dry = await kubectl(['apply', '--dry-run=server', '-f', dir]);
    expect(dry.stdout).toContain('clusterrole.rbac.authorization.k8s.io/podscope-impersonator created (server dry run)');
    expect(dry.stdout).toContain('clusterrolebinding.rbac.authorization.k8s.io/podscope-impersonator created (server dry run)');
    await kubectl(['apply', '-f', dir]);
    const can = async (...args: string[]) =>
      (await kubectl(['auth', 'can-i', ...args, '--as=system:serviceaccount:podscope:podscope'], { allowFail: true })).stdout.trim();
    expect(await can('impersonate', 'users')).toBe('yes');
    expect(await can('impersonate', 'groups')).toBe('yes');
    expect(await can('impersonate', 'serviceaccounts', '-A')).toBe('no');
    expect(await can('impersonate', 'userextras')).toBe('no');
    expect(await can('impersonate', 'uids')).toBe('no');
  });
});
