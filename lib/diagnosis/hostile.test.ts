// Pod-controlled strings in remedy commands (names, images, keys, nodes, owners) must stay data
// when someone copies a command into a shell. Every fixture is replayed with each such string
// replaced by a hostile one; every command must then parse (as a POSIX shell reads it) into the
// same structure as the benign command, with the hostile text only ever inside quotes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type Fixture, fixtureInput } from '../../test/support/diagnosis-fixtures';
import { onlyQuoted, parseShell } from '../../test/support/shell';
import { diagnoseReplicaSet } from './rules/controller';
import { diagnose } from './engine';
import type { DiagnosisInput, Finding } from './types';

const DIR = join(import.meta.dirname, 'fixtures');
const NODES = readFileSync(join(DIR, 'nodes.json'), 'utf8');

/** Each payload carries its index so a command can be traced back to the value it came from. */
// (a bare `;` and `$(…)` for values placed unquoted, a lone quote pair for values placed inside quotes)
const payload = (i: number) => `h${i};$(touch\${IFS}/tmp/pwned${i})|sh&&'q'"\`id\`"<x>`;

/** The strings of a fixture that a pod's author (or its image) controls. */
function controlled(fx: { pod: V1Pod; owners?: DiagnosisInput['owners']; pvcs?: { metadata?: { name?: string } }[] }): string[] {
  const p = fx.pod;
  const out = new Set<string>();
  const add = (s?: string) => {
    if (s && s.length >= 3) out.add(s);
  };
  add(p.metadata?.namespace);
  add(p.metadata?.name);
  add(p.spec?.nodeName);
  add(p.spec?.serviceAccountName);
  for (const o of p.metadata?.ownerReferences ?? []) add(o.name);
  for (const f of p.metadata?.finalizers ?? []) add(f);
  for (const c of [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])]) {
    add(c.name);
    add(c.image);
    for (const e of c.env ?? []) {
      add(e.valueFrom?.secretKeyRef?.name);
      add(e.valueFrom?.secretKeyRef?.key);
      add(e.valueFrom?.configMapKeyRef?.name);
      add(e.valueFrom?.configMapKeyRef?.key);
    }
  }
  for (const v of p.spec?.volumes ?? []) {
    add(v.persistentVolumeClaim?.claimName);
    add(v.secret?.secretName);
    add(v.configMap?.name);
  }
  add(fx.owners?.deployment?.metadata?.name);
  add(fx.owners?.job?.metadata?.name);
  for (const pvc of fx.pvcs ?? []) add(pvc.metadata?.name);
  for (const [k, v] of Object.entries(p.spec?.nodeSelector ?? {})) {
    add(k);
    add(v);
  }
  // longest first, so a name is replaced before a shorter name inside it
  return [...out].sort((a, b) => b.length - a.length);
}

/** The fixture's JSON with every controlled string replaced wherever it appears as a whole token. */
function hostile(json: string, values: string[]): string {
  let s = json;
  values.forEach((v, i) => {
    const esc = v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    s = s.replace(new RegExp(`(?<![A-Za-z0-9-])${esc}(?![A-Za-z0-9-])`, 'g'), JSON.stringify(payload(i)).slice(1, -1));
  });
  return s;
}

/** The fixture read the way the offline CLI reads kubectl's files. */
async function input(fx: Record<string, unknown>, nodesJson: string): Promise<DiagnosisInput> {
  return fixtureInput(fx as unknown as Fixture, JSON.parse(nodesJson) as V1Node[]);
}

/** Variants of a fixture for the rules no captured scenario reaches (eviction, node loss, ...). */
function variants(fx: Record<string, unknown>): Record<string, unknown>[] {
  const pod = fx.pod as V1Pod;
  const at = String(fx.capturedAt);
  const minus = (s: number) => new Date(Date.parse(at) - s * 1000).toISOString();
  const ev = (reason: string, message: string) => ({
    metadata: { uid: `v-${reason}`, name: `v-${reason}`, namespace: pod.metadata?.namespace },
    involvedObject: { kind: 'Pod', name: pod.metadata?.name, namespace: pod.metadata?.namespace },
    type: 'Warning',
    reason,
    message,
    count: 1,
    lastTimestamp: minus(5),
  });
  const withStatus = (status: object) => ({ ...fx, pod: { ...pod, status: { ...pod.status, ...status } } });
  return [
    withStatus({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }),
    withStatus({ phase: 'Failed', reason: 'OutOfcpu', message: "Node didn't have enough resource: cpu" }),
    {
      ...fx,
      pod: {
        ...pod,
        metadata: { ...pod.metadata, deletionTimestamp: minus(600), finalizers: ['example.com/hold'] },
        status: { ...pod.status, phase: 'Running' },
      },
    },
    {
      ...fx,
      pod: {
        ...pod,
        metadata: { ...pod.metadata, deletionTimestamp: minus(600), finalizers: [] },
        status: { ...pod.status, phase: 'Running' },
      },
    },
    {
      ...withStatus({ phase: 'Pending' }),
      events: [
        ev('FailedMount', `MountVolume.SetUp failed for volume "v" : secret "${pod.metadata?.name}" not found`),
        ev('FailedCreatePodSandBox', 'Failed to create pod sandbox: cni'),
      ],
    },
    {
      ...fx,
      pod: {
        ...pod,
        metadata: {
          ...pod.metadata,
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: `${pod.metadata?.name}-job`, uid: 'job-uid', controller: true }],
        },
      },
      owners: {
        ...(fx.owners as object),
        job: {
          kind: 'Job',
          metadata: { name: `${pod.metadata?.name}-job`, namespace: pod.metadata?.namespace, uid: 'job-uid' },
          spec: { backoffLimit: 1 },
          status: {
            failed: 2,
            conditions: [
              { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
            ],
          },
        },
      },
    },
  ];
}

const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'nodes.json');
function commands(fs: Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs)
    f.remedies.forEach((r, i) => {
      if (r.command) out.set(`${f.id}:${f.container ?? ''}#${i}`, r.command);
    });
  return out;
}

describe('remedy commands stay data with hostile names, images and keys', () => {
  const covered = new Set<string>();
  let compared = 0;
  for (const file of fixtures) {
    it(file, async () => {
      const fx = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
      const values = controlled(fx as never);
      const cases = [fx, ...variants(fx)];
      for (const c of cases) {
        const benign = commands(diagnose(await input(c, NODES)));
        const bad = commands(diagnose(await input(JSON.parse(hostile(JSON.stringify(c), values)), hostile(NODES, values))));
        for (const key of benign.keys()) covered.add(key.split(':')[0]);
        for (const [key, cmd] of bad) {
          const p = parseShell(cmd);
          values.forEach((_, i) => expect(onlyQuoted(p, payload(i)), `${key}: value ${i} unquoted in\n${cmd}`).toBe(true));
          // the same shell structure as the benign command: no operator, expansion or word added
          const want = benign.get(key);
          if (want === undefined) continue;
          const w = parseShell(want);
          expect({ ops: p.ops, words: p.words.length }, `${key}\n${cmd}\nvs\n${want}`).toEqual({ ops: w.ops, words: w.words.length });
          compared++;
        }
      }
    });
  }

  it('ReplicaSets that cannot create pods', () => {
    const ns = payload(1);
    for (const message of ['exceeded quota: q', 'violates PodSecurity "restricted:latest"', 'admission webhook "x" denied the request']) {
      const f = diagnoseReplicaSet(
        {
          metadata: { name: payload(2), namespace: ns },
          spec: { replicas: 1 },
          status: { conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }] },
        } as never,
        [],
      )!;
      for (const r of f.remedies) if (r.command) expect(onlyQuoted(parseShell(r.command), ns), r.command).toBe(true);
    }
  });

  it('covers every rule that writes a command', () => {
    // (run after the fixture cases above, which fill `covered`)
    for (const id of [
      'image.not-found',
      'image.unauthorized',
      'image.unreachable',
      'crash.oom-killed',
      'crash.liveness-kill',
      'crash.start-failure',
      'crash.app-error',
      'crash.completed-under-always',
      'config.missing-object',
      'config.missing-key',
      'scheduling.gated',
      'scheduling.unschedulable',
      'probe.readiness-failing',
      'node.evicted',
      'node.admission-rejected',
      'termination.stuck',
      'volume.mount-failed',
      'runtime.sandbox-failed',
      'job.backoff-limit',
      'rollout.regression',
    ]) {
      expect(covered, id).toContain(id);
    }
    expect(compared).toBeGreaterThan(100);
  });
});
