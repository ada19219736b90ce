// Production practices the pod's own spec and records can show were not followed, for pods that
// already have a problem (the spec review): the same endpoint probed for liveness and readiness,
// a long initialDelaySeconds where a startupProbe belongs, a read-only root filesystem without a
// writable /tmp, and for Python containers, unbuffered output and more worker processes than
// the CPU limit can run. Each is evidence-led: what in the spec (or the log, or the usage) says so.
import type { V1Container, V1Probe } from '@kubernetes/client-node';
import { podContainers } from '../../k8s/containers';
import { fmtCpu } from '../../k8s/quantity';
import { containerResources } from '../../usage/usage';
import type { DiagnosisInput, Finding } from '../types';

/** A probe's target, to compare two probes: the same HTTP path and port, TCP port, gRPC port or command. */
function probeTarget(p: V1Probe | undefined): string | undefined {
  if (!p) return undefined;
  if (p.httpGet) return `http ${p.httpGet.port} ${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `tcp ${p.tcpSocket.port}`;
  if (p.grpc) return `grpc ${p.grpc.port} ${p.grpc.service ?? ''}`;
  if (p.exec?.command) return `exec ${JSON.stringify(p.exec.command)}`;
  return undefined;
}

const PY_PROGRAM = /(^|\/)(python[0-9.]*|gunicorn|uvicorn|celery|hypercorn|daphne|flask|django-admin|manage\.py)$/;

/** The container's command line as the spec gives it (command + args), for reading worker flags. */
const argv = (c: V1Container) => [...(c.command ?? []), ...(c.args ?? [])];

/** Is it a Python program? Its image name or the program its command runs. */
function isPython(c: V1Container): boolean {
  const image = (c.image ?? '').split('@')[0].split('/').pop() ?? '';
  if (/^python[:-]|^python$|pypy/.test(image)) return true;
  const words = argv(c).flatMap((a) => a.split(/\s+/));
  return words.some((w) => PY_PROGRAM.test(w));
}

/** Worker processes the command line asks for (gunicorn -w/--workers, uvicorn --workers, celery -c/--concurrency), or WEB_CONCURRENCY. */
export function workerCount(c: V1Container): { n: number; where: string } | undefined {
  const words = argv(c)
    .flatMap((a) => a.split(/\s+/))
    .filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const eq = /^--(workers|concurrency)=(\d+)$/.exec(w);
    if (eq) return { n: Number(eq[2]), where: w };
    if (/^(-w|--workers|-c|--concurrency)$/.test(w) && /^\d+$/.test(words[i + 1] ?? '')) {
      // (-c is gunicorn's config file: only celery's -c is a count, and then the next word is a number)
      return { n: Number(words[i + 1]), where: `${w} ${words[i + 1]}` };
    }
  }
  const env = c.env?.find((e) => e.name === 'WEB_CONCURRENCY' || e.name === 'GUNICORN_WORKERS')?.value;
  if (env && /^\d+$/.test(env)) return { n: Number(env), where: `env WEB_CONCURRENCY=${env}` };
  return undefined;
}

export function practices(input: DiagnosisInput, failures: Finding[]): Finding[] {
  const out: Finding[] = [];
  const { pod } = input;
  const res = containerResources(pod);
  for (const c of podContainers(pod)) {
    if (c.kind === 'ephemeral') continue;
    const s = c.spec;
    const related = failures.filter((f) => f.container === c.name).map((f) => f.id);
    const live = probeTarget(s.livenessProbe);
    if (live && live === probeTarget(s.readinessProbe)) {
      out.push({
        id: 'spec.same-probe-endpoint',
        category: 'spec',
        confidence: 'high',
        severity: related.some((r) => r === 'crash.liveness-kill') ? 'warning' : 'info',
        container: c.name,
        title: `${c.name}: liveness and readiness probe the same endpoint (${live})`,
        explanation:
          'Readiness answers "may I get traffic?" and may fail while a dependency is down; liveness answers "am I stuck?" and restarts the container when it fails. Probing one endpoint for both turns a database outage into every pod restarting.',
        evidence: [{ source: `spec.containers[${c.name}]`, text: `livenessProbe and readinessProbe both ${live}` }],
        causes: [],
        remedies: [{ text: 'Give liveness a cheap endpoint that checks only the process itself (no dependencies)' }],
        related,
      });
    }
    const delay = s.livenessProbe?.initialDelaySeconds ?? 0;
    if (delay >= 60 && !s.startupProbe) {
      out.push({
        id: 'spec.startup-delay',
        category: 'spec',
        confidence: 'high',
        severity: 'info',
        container: c.name,
        title: `${c.name}: liveness waits ${delay}s (initialDelaySeconds) instead of a startupProbe`,
        explanation:
          'A long initial delay makes every start wait that long before a hang is noticed, and is still too short on a slow day. A startupProbe holds liveness off until the app has started, however long that takes within its budget.',
        evidence: [{ source: `spec.containers[${c.name}].livenessProbe.initialDelaySeconds`, text: String(delay) }],
        causes: [],
        remedies: [
          {
            text: 'Use a startupProbe for the start, and drop the delay',
            snippet: `startupProbe:\n  ${live?.startsWith('http') ? `httpGet: {path: ${s.livenessProbe?.httpGet?.path ?? '/'}, port: ${s.livenessProbe?.httpGet?.port}}` : '<the liveness check>'}\n  periodSeconds: 5\n  failureThreshold: ${Math.ceil(delay / 5) + 6}`,
          },
        ],
        related,
      });
    }
    const readOnly = s.securityContext?.readOnlyRootFilesystem === true;
    const tmpMounted = (s.volumeMounts ?? []).some((m) => m.mountPath === '/tmp' || m.mountPath === '/tmp/');
    if (readOnly && !tmpMounted) {
      const logs = [...(input.logs?.previous?.[c.name] ?? []), ...(input.logs?.current?.[c.name] ?? [])];
      const hit = logs.find((l) => /read-only file system|EROFS|No usable temporary directory/i.test(l));
      out.push({
        id: 'spec.readonly-root-no-tmp',
        category: 'spec',
        confidence: hit ? 'high' : 'medium',
        severity: hit ? 'warning' : 'info',
        container: c.name,
        title: `${c.name}: read-only root filesystem with no writable /tmp`,
        explanation:
          "Many runtimes write temporary files (Python tempfile and uploads, the JVM, nginx caches, gunicorn's worker heartbeat): with a read-only root and nothing mounted at /tmp they fail at the first write.",
        evidence: [
          { source: `spec.containers[${c.name}].securityContext.readOnlyRootFilesystem`, text: 'true, and no volumeMount at /tmp' },
          ...(hit ? [{ source: `log ${c.name}`, text: hit }] : []),
        ],
        causes: [],
        remedies: [
          {
            text: 'Mount an emptyDir at /tmp',
            snippet: `volumes:\n- name: tmp\n  emptyDir: {}\ncontainers:\n- name: ${c.name}\n  volumeMounts:\n  - {name: tmp, mountPath: /tmp}`,
          },
        ],
        related,
      });
    }
    if (!isPython(s)) continue;
    const env = new Set((s.env ?? []).map((e) => e.name));
    const logged = (input.logs?.current?.[c.name]?.length ?? 0) + (input.logs?.previous?.[c.name]?.length ?? 0);
    const logsRead = input.logs?.current?.[c.name] !== undefined || input.logs?.previous?.[c.name] !== undefined;
    if (!env.has('PYTHONUNBUFFERED') && logsRead && logged === 0) {
      out.push({
        id: 'spec.python-unbuffered',
        category: 'spec',
        confidence: 'medium',
        severity: 'warning',
        container: c.name,
        title: `${c.name}: a Python container that logged nothing, without PYTHONUNBUFFERED`,
        explanation:
          'Python buffers stdout when it is not a terminal: what a crashing process printed may have died in its buffer, which is why the log is empty. With PYTHONUNBUFFERED=1 (or python -u) every line reaches the log at once.',
        evidence: [
          { source: `spec.containers[${c.name}].env`, text: 'no PYTHONUNBUFFERED' },
          { source: `log ${c.name}`, text: 'no lines (current and previous run)' },
        ],
        causes: [],
        remedies: [{ text: 'Set PYTHONUNBUFFERED=1', snippet: `env:\n- {name: PYTHONUNBUFFERED, value: "1"}` }],
        related,
      });
    }
    const workers = workerCount(s);
    const cpuLimit = res[c.name]?.cpuLimit ?? 0;
    if (workers && cpuLimit && workers.n > Math.max(1, Math.ceil(cpuLimit * 2))) {
      out.push({
        id: 'spec.workers-over-cpu',
        category: 'spec',
        confidence: 'high',
        severity: failures.some((f) => f.id === 'usage.cpu-throttled' && f.container === c.name) ? 'warning' : 'info',
        container: c.name,
        title: `${c.name}: ${workers.n} worker processes on a ${fmtCpu(cpuLimit)} CPU limit`,
        explanation: `Each worker is a process competing for the same CFS quota: ${workers.n} workers on ${fmtCpu(cpuLimit)} are throttled in turn, so latency rises and probes time out. The usual rule of thumb is 2 × cores + 1 on a real core count; here the limit is the core count.`,
        evidence: [
          { source: `spec.containers[${c.name}]`, text: workers.where },
          { source: `spec.containers[${c.name}].resources.limits.cpu`, text: fmtCpu(cpuLimit) },
        ],
        causes: [],
        remedies: [{ text: `Run about ${Math.max(1, Math.ceil(cpuLimit * 2))} workers, or raise the CPU limit to match the workers` }],
        related,
      });
    }
  }
  return out;
}
