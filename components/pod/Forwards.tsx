'use client';
// Port-forward from the pod page: open a container port as a link Podscope serves (HTTP) or, in
// local mode, as a port on 127.0.0.1; the pod's open forwards are listed with who opened each.
// Offered only with PODSCOPE_PORT_FORWARD=on and where the user's RBAC allows pods/portforward.
import { useState } from 'react';
import { since } from '@/lib/k8s/duration';
import { useForwardControl, useForwards } from '../data/exec-hooks';

export function Forwards({ context, namespace, name, now }: { context: string; namespace: string; name: string; now: number }) {
  const q = useForwards(context, namespace, name);
  const { open, close } = useForwardControl(context, namespace, name);
  const info = q.data;
  const declared = info?.enabled ? info.ports : [];
  const [port, setPort] = useState('');
  const [kind, setKind] = useState<'http' | 'tcp'>('http');
  if (!info?.enabled || !info.allowed) {
    if (info?.enabled)
      return (
        <p className="text-xs text-slate-500" data-testid="forwards-forbidden">
          Port-forward needs <code className="mono">create</code> on <code className="mono">pods/portforward</code> in namespace {namespace}
          .
        </p>
      );
    return null;
  }
  const chosen = Number(port || declared[0]?.port || 0);
  const valid = Number.isInteger(chosen) && chosen >= 1 && chosen <= 65535;
  return (
    <section className="rounded border border-slate-200 p-2 text-sm" data-testid="forwards">
      <h2 className="mb-1 font-semibold text-slate-600">Port-forward</h2>
      <div className="flex flex-wrap items-center gap-2">
        <label>
          port{' '}
          <input
            data-testid="forward-port"
            list="declared-ports"
            inputMode="numeric"
            className="mono w-24 rounded border border-slate-300 px-1"
            placeholder={declared[0] ? String(declared[0].port) : '8080'}
            value={port}
            onChange={(e) => setPort(e.target.value.replace(/\D/g, '').slice(0, 5))}
          />
          <datalist id="declared-ports">
            {declared.map((d) => (
              <option key={`${d.container}/${d.port}`} value={d.port}>
                {d.container}
                {d.name ? ` ${d.name}` : ''}
              </option>
            ))}
          </datalist>
        </label>
        <select
          data-testid="forward-kind"
          className="rounded border border-slate-300 px-1"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'http' | 'tcp')}
        >
          <option value="http">HTTP, served by Podscope</option>
          {info.tcp && <option value="tcp">TCP, a port on 127.0.0.1</option>}
        </select>
        <button
          type="button"
          data-testid="forward-open"
          disabled={!valid || open.isPending}
          onClick={() => open.mutate({ port: chosen, kind, csrf: info.csrf })}
          className="rounded border border-slate-500 px-2 py-0.5 disabled:opacity-50"
        >
          forward
        </button>
        <span className="text-xs" data-testid="forward-result">
          {open.isError && <span className="text-red-700">failed: {open.error.text}</span>}
        </span>
      </div>
      {info.forwards.length > 0 && (
        <table className="mt-2 w-full text-xs">
          <thead className="text-left text-slate-500">
            <tr>
              <th>port</th>
              <th>where</th>
              <th>opened by</th>
              <th>opened</th>
              <th>last used</th>
              <th>traffic</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {info.forwards.map((f) => {
              const href = f.kind === 'http' ? `/forward/${f.id}/` : `http://127.0.0.1:${f.localPort}/`;
              return (
                <tr key={f.id} data-testid="forward-row" data-port={f.port}>
                  <td className="mono">{f.port}</td>
                  <td className="mono">
                    {f.mine ? (
                      <a
                        href={href}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-blue-700 hover:underline"
                        data-testid="forward-link"
                      >
                        {f.kind === 'http' ? href : `127.0.0.1:${f.localPort}`}
                      </a>
                    ) : (
                      <span className="text-slate-500">{f.kind}</span>
                    )}
                  </td>
                  <td>{f.who}</td>
                  <td>{since(new Date(f.openedAt).toISOString(), now)} ago</td>
                  <td>{since(new Date(f.lastUsedAt).toISOString(), now)} ago</td>
                  <td>
                    {f.connections} conn, {(f.bytes / 1024).toFixed(1)} KiB
                  </td>
                  <td>
                    {f.mine && (
                      <button
                        type="button"
                        data-testid="forward-close"
                        className="text-red-700 hover:underline"
                        onClick={() => close.mutate({ id: f.id, csrf: info.csrf })}
                      >
                        close
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
