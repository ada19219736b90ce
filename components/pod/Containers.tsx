'use client';
// Containers in the order the kubelet runs them: init, sidecar, main.
import type { V1Container, V1ContainerState, V1ContainerStatus, V1Pod, V1Probe } from '@kubernetes/client-node';
import { since } from '@/lib/k8s/duration';
import { podContainers } from '@/lib/k8s/containers';

const ts = (v: unknown) => (v ? (typeof v === 'string' ? v : new Date(v as Date).toISOString()) : undefined);

function State({ s, now, label }: { s: V1ContainerState | undefined; now: number; label: string }) {
  if (!s || (!s.running && !s.waiting && !s.terminated)) return null;
  let text = '';
  let tone = 'text-slate-700';
  if (s.running) {
    text = `Running since ${ts(s.running.startedAt)} (${since(ts(s.running.startedAt), now)})`;
    tone = 'text-emerald-700';
  }
  if (s.waiting) {
    text = `Waiting: ${s.waiting.reason ?? ''}${s.waiting.message ? ` — ${s.waiting.message}` : ''}`;
    tone = 'text-amber-700';
  }
  if (s.terminated) {
    const t = s.terminated;
    const dur =
      t.startedAt && t.finishedAt ? ` after ${Math.round((Date.parse(ts(t.finishedAt)!) - Date.parse(ts(t.startedAt)!)) / 1000)}s` : '';
    text = `Terminated: ${t.reason ?? 'exited'}, exit code ${t.exitCode}${t.signal ? `, signal ${t.signal}` : ''}${dur}; started ${ts(t.startedAt) ?? '?'}, finished ${ts(t.finishedAt) ?? '?'}${t.message ? ` — ${t.message}` : ''}`;
    tone = t.exitCode === 0 ? 'text-slate-700' : 'text-red-700';
  }
  return (
    <div className={`text-xs ${tone}`} data-testid={`container-${label}`}>
      <span className="font-semibold text-slate-500">{label}: </span>
      {text}
    </div>
  );
}

function probeText(p: V1Probe | undefined): string | undefined {
  if (!p) return undefined;
  const how = p.httpGet
    ? `GET :${p.httpGet.port}${p.httpGet.path ?? '/'}`
    : p.tcpSocket
      ? `tcp :${p.tcpSocket.port}`
      : p.exec
        ? `exec ${p.exec.command?.join(' ')}`
        : p.grpc
          ? `grpc :${p.grpc.port}`
          : '?';
  return `${how} every ${p.periodSeconds ?? 10}s, fail after ${p.failureThreshold ?? 3}, delay ${p.initialDelaySeconds ?? 0}s, timeout ${p.timeoutSeconds ?? 1}s`;
}

function envValue(e: NonNullable<V1Container['env']>[number]): string {
  // Values from Secrets are shown as references only: Podscope never reads Secret data.
  if (e.valueFrom?.secretKeyRef) return `<secret ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}>`;
  if (e.valueFrom?.configMapKeyRef) return `<configmap ${e.valueFrom.configMapKeyRef.name}/${e.valueFrom.configMapKeyRef.key}>`;
  if (e.valueFrom?.fieldRef) return `<field ${e.valueFrom.fieldRef.fieldPath}>`;
  if (e.valueFrom?.resourceFieldRef) return `<resource ${e.valueFrom.resourceFieldRef.resource}>`;
  return e.value ?? '';
}

function ContainerCard({ c, s, kind, now }: { c: V1Container; s: V1ContainerStatus | undefined; kind: string; now: number }) {
  const res = c.resources;
  const q = (m?: Record<string, string>) =>
    m
      ? Object.entries(m)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')
      : 'none';
  return (
    <div className="rounded border border-slate-200 bg-white p-3" data-testid="container-card" data-container={c.name}>
      <div className="flex flex-wrap items-baseline gap-3">
        <span className="mono font-semibold">{c.name}</span>
        <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600">{kind}</span>
        <span className="mono text-xs text-slate-600">{c.image}</span>
        <span className="text-xs">
          ready <b>{s?.ready ? 'yes' : 'no'}</b>
        </span>
        <span className="text-xs">
          restarts <b data-testid="container-restarts">{s?.restartCount ?? 0}</b>
        </span>
      </div>
      <div className="mt-1 space-y-0.5">
        <State s={s?.state} now={now} label="state" />
        <State s={s?.lastState} now={now} label="last state" />
      </div>
      <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-slate-500">requests</dt>
        <dd>{q(res?.requests)}</dd>
        <dt className="text-slate-500">limits</dt>
        <dd>{q(res?.limits)}</dd>
        {c.command && (
          <>
            <dt className="text-slate-500">command</dt>
            <dd className="mono">{[...c.command, ...(c.args ?? [])].join(' ')}</dd>
          </>
        )}
        {c.ports?.length ? (
          <>
            <dt className="text-slate-500">ports</dt>
            <dd>{c.ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ')}</dd>
          </>
        ) : null}
        {probeText(c.livenessProbe) && (
          <>
            <dt className="text-slate-500">liveness</dt>
            <dd>{probeText(c.livenessProbe)}</dd>
          </>
        )}
        {probeText(c.readinessProbe) && (
          <>
            <dt className="text-slate-500">readiness</dt>
            <dd>{probeText(c.readinessProbe)}</dd>
          </>
        )}
        {probeText(c.startupProbe) && (
          <>
            <dt className="text-slate-500">startup</dt>
            <dd>{probeText(c.startupProbe)}</dd>
          </>
        )}
        {c.env?.length ? (
          <>
            <dt className="text-slate-500">env</dt>
            <dd className="mono space-y-0.5">
              {c.env.map((e) => (
                <div key={e.name} data-testid="env-var">
                  {e.name}={envValue(e)}
                </div>
              ))}
            </dd>
          </>
        ) : null}
        {c.envFrom?.length ? (
          <>
            <dt className="text-slate-500">envFrom</dt>
            <dd className="mono">
              {c.envFrom.map((e) => (e.secretRef ? `<secret ${e.secretRef.name}>` : `<configmap ${e.configMapRef?.name}>`)).join(', ')}
            </dd>
          </>
        ) : null}
        {c.volumeMounts?.length ? (
          <>
            <dt className="text-slate-500">mounts</dt>
            <dd className="mono">{c.volumeMounts.map((m) => `${m.name} → ${m.mountPath}${m.readOnly ? ' (ro)' : ''}`).join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

export function Containers({ pod, now }: { pod: V1Pod; now: number }) {
  return (
    <section className="space-y-2">
      <h2 className="text-sm font-semibold text-slate-600">Containers</h2>
      {podContainers(pod).map((c) => (
        <ContainerCard key={c.name} c={c.spec} s={c.status} kind={c.kind} now={now} />
      ))}
    </section>
  );
}
