'use client';
import type { V1Pod } from '@kubernetes/client-node';
import { since } from '@/lib/k8s/duration';

import { isoTime as iso } from '@/lib/k8s/time';

export function Conditions({ pod, now }: { pod: V1Pod; now: number }) {
  return (
    <section>
      <h2 className="mb-1 text-sm font-semibold text-slate-600">Conditions</h2>
      <table className="w-full rounded border border-slate-200 bg-white text-xs" data-testid="conditions">
        <thead>
          <tr className="bg-slate-50 text-left text-slate-500">
            <th className="p-1.5">type</th>
            <th>status</th>
            <th>reason</th>
            <th>message</th>
            <th>last transition</th>
          </tr>
        </thead>
        <tbody>
          {(pod.status?.conditions ?? []).map((c) => (
            <tr key={c.type} className="border-t border-slate-100">
              <td className="p-1.5 font-medium">{c.type}</td>
              <td className={c.status === 'True' ? 'text-emerald-700' : 'text-amber-700'}>{c.status}</td>
              <td>{c.reason}</td>
              <td className="max-w-xl truncate" title={c.message}>
                {c.message}
              </td>
              <td title={iso(c.lastTransitionTime)}>{iso(c.lastTransitionTime) ? `${since(iso(c.lastTransitionTime), now)} ago` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Volumes({ pod }: { pod: V1Pod }) {
  const vols = pod.spec?.volumes ?? [];
  if (!vols.length) return null;
  return (
    <section>
      <h2 className="mb-1 text-sm font-semibold text-slate-600">Volumes</h2>
      <ul className="mono space-y-0.5 rounded border border-slate-200 bg-white p-2 text-xs">
        {vols.map((v) => {
          const src = Object.entries(v).find(([k]) => k !== 'name');
          const detail = v.persistentVolumeClaim
            ? `pvc ${v.persistentVolumeClaim.claimName}`
            : v.secret
              ? `secret ${v.secret.secretName}`
              : v.configMap
                ? `configmap ${v.configMap.name}`
                : v.projected
                  ? 'projected (service account token, ca, namespace)'
                  : (src?.[0] ?? '');
          return (
            <li key={v.name}>
              {v.name}: {detail}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
