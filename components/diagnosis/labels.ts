import type { Severity } from '@/lib/diagnosis/types';

export const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'bg-red-600 text-white',
  error: 'bg-orange-500 text-white',
  warning: 'bg-amber-300 text-amber-950',
  info: 'bg-slate-200 text-slate-700',
};

/** A short badge label for a finding id, e.g. "crash.oom-killed" → "OOM killed". */
export function shortLabel(id: string): string {
  const map: Record<string, string> = {
    'crash.oom-killed': 'OOM killed',
    'crash.liveness-kill': 'liveness kill',
    'crash.sigkill': 'SIGKILL',
    'crash.start-failure': 'cannot start',
    'crash.completed-under-always': 'exits 0',
    'crash.app-error': 'crash loop',
    'image.not-found': 'image not found',
    'image.unauthorized': 'pull unauthorized',
    'image.unreachable': 'registry unreachable',
    'image.rate-limited': 'pull rate-limited',
    'image.invalid-name': 'bad image name',
    'image.never-pull': 'image never pulled',
    'image.unknown': 'image pull',
    'config.missing-object': 'missing config',
    'config.missing-key': 'missing key',
    'config.create-error': 'create error',
    'scheduling.unschedulable': 'unschedulable',
    'scheduling.gated': 'gated',
    'probe.readiness-failing': 'not ready',
    'termination.stuck': 'stuck terminating',
    'node.evicted': 'evicted',
    'node.lost': 'node lost',
    'volume.mount-failed': 'mount failed',
    'rollout.regression': 'bad rollout',
  };
  return map[id] ?? id.split('.').pop()!.replace(/-/g, ' ');
}
