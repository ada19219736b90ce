'use client';
// The pod page's shell: a terminal (xterm.js) into a running container through the API server's
// pods/exec, and ephemeral debug containers (kubectl debug) to open one in. Offered only when
// Podscope has PODSCOPE_EXEC=on and the user's own RBAC allows it; a link to this tab opens the
// tab, never a session: the shell starts on a click, as the person who clicks.
import type { V1Pod } from '@kubernetes/client-node';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { COPY_OF_ANNOTATION, type DebugProfile } from '@/lib/api/exec';
import { podViewHref } from '@/lib/links';
import { podContainers } from '@/lib/k8s/containers';
import { connectShell, useAddDebugContainer, useDebugCopy, useExecInfo } from '../data/exec-hooks';

const SHELLS = { sh: ['sh'], bash: ['bash'] } as const;
type ShellChoice = keyof typeof SHELLS | 'custom';

type Status =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'ended'; code: number | null; message?: string }
  | { state: 'failed'; message: string };

/** A custom command, split on whitespace (no shell quoting: it is an argv, not a shell line). */
export const customArgv = (s: string) => s.trim().split(/\s+/).filter(Boolean);

export function Shell({
  context,
  pod,
  container,
  onContainer,
}: {
  context: string;
  pod: V1Pod;
  container?: string;
  onContainer: (c: string) => void;
}) {
  const namespace = pod.metadata!.namespace!;
  const name = pod.metadata!.name!;
  const info = useExecInfo(context, namespace, name);
  const running = useMemo(() => podContainers(pod, { ephemeral: true }).filter((c) => c.status?.state?.running), [pod]);
  const chosen = container && running.some((c) => c.name === container) ? container : running.find((c) => c.kind === 'main')?.name;
  const [shell, setShell] = useState<ShellChoice>('sh');
  const [custom, setCustom] = useState('');
  const [session, setSession] = useState(0);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const box = useRef<HTMLDivElement>(null);
  const stop = useRef<(() => void) | null>(null);

  const a = info.data;
  const command = shell === 'custom' ? customArgv(custom) : [...SHELLS[shell]];
  const canStart = a?.enabled && a.exec && chosen && command.length > 0 && status.state !== 'connecting' && status.state !== 'open';

  // one terminal per started session; everything it opened is closed when it ends or the tab goes
  useEffect(() => {
    if (session === 0 || !a?.enabled || !chosen || !box.current) return;
    let disposed = false;
    const cleanups: (() => void)[] = [];
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
      if (disposed || !box.current) return;
      const term = new Terminal({ cursorBlink: true, convertEol: false, fontSize: 13, scrollback: 5000 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(box.current);
      fit.fit();
      cleanups.push(() => term.dispose());
      const end = connectShell(term, { context, namespace, name, container: chosen, command, csrf: a.csrf }, (e) => {
        if (e.type === 'started') setStatus({ state: 'open' });
        else if (e.type === 'exit') setStatus({ state: 'ended', code: e.code, message: e.message });
        else if (e.type === 'error') setStatus({ state: 'failed', message: e.message });
        else
          setStatus((s) =>
            s.state === 'ended' || s.state === 'failed'
              ? s
              : {
                  state: 'failed',
                  message: e.code === 1006 ? 'Podscope refused or lost the connection (see its audit log)' : `closed (${e.code})`,
                },
          );
      });
      stop.current = end;
      cleanups.push(end);
      const observer = new ResizeObserver(() => fit.fit());
      observer.observe(box.current);
      cleanups.push(() => observer.disconnect());
    })();
    return () => {
      disposed = true;
      stop.current = null;
      for (const c of cleanups.reverse()) c();
    };
    // a session is started by a click (session++); later changes to the choices do not restart it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  if (info.isPending) return <p className="text-sm text-slate-500">Checking whether you may open a shell…</p>;
  if (info.isError) return <p className="text-sm text-red-700">Could not check: {info.error.text}</p>;
  if (!a?.enabled)
    return (
      <p className="text-sm text-slate-600" data-testid="shell-off">
        The shell is turned off on this Podscope. An operator turns it on with <code className="mono">PODSCOPE_EXEC=on</code>.
      </p>
    );

  const start = () => {
    setStatus({ state: 'connecting' });
    setSession((n) => n + 1);
  };

  return (
    <div className="space-y-3" data-testid="shell">
      {!a.exec ? (
        <p className="text-sm text-slate-600" data-testid="shell-forbidden">
          You may not open a shell in this pod: that needs <code className="mono">create</code> on <code className="mono">pods/exec</code>{' '}
          in namespace {namespace}.
        </p>
      ) : running.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="shell-no-container">
          No container of this pod is running, so there is nothing to open a shell in.
          {a.debug ? ' A debug container (below) needs a running pod too.' : ''}
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label>
            container{' '}
            <select
              data-testid="shell-container"
              className="rounded border border-slate-300 px-1 py-0.5"
              value={chosen}
              onChange={(e) => onContainer(e.target.value)}
            >
              {running.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                  {c.kind === 'main' ? '' : ` (${c.kind})`}
                </option>
              ))}
            </select>
          </label>
          <label>
            shell{' '}
            <select
              data-testid="shell-command"
              className="rounded border border-slate-300 px-1 py-0.5"
              value={shell}
              onChange={(e) => setShell(e.target.value as ShellChoice)}
            >
              <option value="sh">sh</option>
              <option value="bash">bash</option>
              <option value="custom">custom command…</option>
            </select>
          </label>
          {shell === 'custom' && (
            <input
              data-testid="shell-custom"
              className="mono w-64 rounded border border-slate-300 px-1 py-0.5"
              placeholder="e.g. python3 -i"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
          )}
          {status.state === 'open' || status.state === 'connecting' ? (
            <button
              type="button"
              data-testid="shell-stop"
              onClick={() => stop.current?.()}
              className="rounded border border-slate-400 px-2 py-0.5"
            >
              end session
            </button>
          ) : (
            <button
              type="button"
              data-testid="shell-start"
              disabled={!canStart}
              onClick={start}
              className="rounded border border-blue-600 bg-blue-600 px-2 py-0.5 text-white disabled:opacity-50"
            >
              {status.state === 'idle' ? 'open shell' : 'open a new shell'}
            </button>
          )}
          <span data-testid="shell-status" className="text-xs text-slate-600">
            {status.state === 'connecting' && 'connecting…'}
            {status.state === 'open' && `connected to ${chosen} as you; every session is audited`}
            {status.state === 'ended' &&
              (status.code === null
                ? `ended: ${status.message ?? ''}`
                : `exited with code ${status.code}${status.message ? `: ${status.message}` : ''}`)}
            {status.state === 'failed' && <span className="text-red-700">{status.message}</span>}
          </span>
        </div>
      )}
      {session > 0 && <div ref={box} data-testid="terminal" className="h-[420px] rounded bg-black p-1" />}
      <DebugCopy context={context} pod={pod} csrf={a.csrf} />
      {a.debug && (
        <DebugContainer context={context} pod={pod} csrf={a.csrf} images={a.images} profiles={a.profiles} onAdded={onContainer} />
      )}
    </div>
  );
}

function DebugContainer({
  context,
  pod,
  csrf,
  images,
  profiles,
  onAdded,
}: {
  context: string;
  pod: V1Pod;
  csrf: string;
  images: string[];
  profiles: DebugProfile[];
  onAdded: (container: string) => void;
}) {
  const add = useAddDebugContainer(context, pod.metadata!.namespace!, pod.metadata!.name!);
  const mains = (pod.spec?.containers ?? []).map((c) => c.name);
  const [image, setImage] = useState(images[0] ?? '');
  const [profile, setProfile] = useState<DebugProfile>('general');
  const [target, setTarget] = useState(mains[0] ?? '');
  const added = add.data?.container;
  const addedRunning = added && pod.status?.ephemeralContainerStatuses?.some((s) => s.name === added && s.state?.running);
  useEffect(() => {
    if (addedRunning) onAdded(added);
    // once, when the added container first runs
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [addedRunning]);
  return (
    <section className="rounded border border-slate-200 p-2 text-sm" data-testid="debug-container">
      <h2 className="mb-1 font-semibold text-slate-600">Debug container</h2>
      <p className="mb-2 text-xs text-slate-500">
        Adds an ephemeral container to this running pod, as <code className="mono">kubectl debug -it</code> does; it stays in the pod&apos;s
        spec until the pod is replaced.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label>
          image{' '}
          <select
            data-testid="debug-image"
            className="rounded border border-slate-300 px-1"
            value={image}
            onChange={(e) => setImage(e.target.value)}
          >
            {images.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>
        </label>
        <label>
          profile{' '}
          <select
            data-testid="debug-profile"
            className="rounded border border-slate-300 px-1"
            value={profile}
            onChange={(e) => setProfile(e.target.value as DebugProfile)}
          >
            {profiles.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          target{' '}
          <select
            data-testid="debug-target"
            className="rounded border border-slate-300 px-1"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">(none)</option>
            {mains.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="debug-add"
          disabled={add.isPending || !image}
          onClick={() => add.mutate({ image, profile, target: target || undefined, csrf })}
          className="rounded border border-slate-500 px-2 py-0.5 disabled:opacity-50"
        >
          add debug container
        </button>
        <span className="text-xs text-slate-600" data-testid="debug-result">
          {add.isPending && 'adding…'}
          {add.isError && <span className="text-red-700">failed: {add.error.text}</span>}
          {added &&
            (addedRunning ? `${added} is running: pick it above and open a shell` : `${add.data!.message}; waiting for it to start…`)}
        </span>
      </div>
    </section>
  );
}

/**
 * kubectl debug --copy-to: for a pod whose container does not stay up (a crash loop), a copy with
 * that container's command replaced by a shell; on the copy's own page, a button that deletes it.
 */
function DebugCopy({ context, pod, csrf }: { context: string; pod: V1Pod; csrf: string }) {
  const namespace = pod.metadata!.namespace!;
  const name = pod.metadata!.name!;
  const copyOf = pod.metadata?.annotations?.[COPY_OF_ANNOTATION];
  const original = copyOf ?? name;
  const { make, remove } = useDebugCopy(context, namespace, original);
  const failing = podContainers(pod).find(
    (c) =>
      c.kind !== 'init' &&
      (!c.status?.state?.running || (c.status.restartCount ?? 0) > 0) &&
      c.status?.state?.waiting?.reason !== 'ContainerCreating',
  );
  if (copyOf)
    return (
      <section className="rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="debug-copy-self">
        This pod is a debug copy of{' '}
        <a className="text-blue-700 hover:underline" href={podViewHref({ context, namespace, name: copyOf, tab: 'overview' })}>
          {copyOf}
        </a>
        .{' '}
        {remove.isSuccess ? (
          <span data-testid="debug-copy-deleted">Deleted.</span>
        ) : (
          <button
            type="button"
            data-testid="debug-copy-delete"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ copy: name, csrf })}
            className="rounded border border-red-400 bg-white px-2 py-0.5 text-xs text-red-700"
          >
            done: delete this copy
          </button>
        )}
        {remove.isError && <span className="ml-2 text-red-700">failed: {remove.error.text}</span>}
      </section>
    );
  if (!failing) return null;
  const made = make.data;
  return (
    <section className="rounded border border-slate-200 p-2 text-sm" data-testid="debug-copy">
      <h2 className="mb-1 font-semibold text-slate-600">Debug a copy</h2>
      <p className="mb-2 text-xs text-slate-500">
        {failing.name} does not stay up long enough for a shell. A copy of this pod with its command replaced by{' '}
        <code className="mono">sh</code> (no probes, no labels, so no Service or controller picks it up) is what{' '}
        <code className="mono">kubectl debug --copy-to</code> makes.
      </p>
      {made ? (
        <span data-testid="debug-copy-made">
          {made.message}:{' '}
          <a
            className="text-blue-700 hover:underline"
            data-testid="debug-copy-link"
            href={podViewHref({ context, namespace, name: made.copy, tab: 'shell', container: made.container })}
          >
            open its shell
          </a>{' '}
          ·{' '}
          {remove.isSuccess ? (
            'deleted'
          ) : (
            <button type="button" className="text-red-700 hover:underline" onClick={() => remove.mutate({ copy: made.copy, csrf })}>
              delete the copy
            </button>
          )}
        </span>
      ) : (
        <button
          type="button"
          data-testid="debug-copy-make"
          disabled={make.isPending}
          onClick={() => make.mutate({ container: failing.name, csrf })}
          className="rounded border border-slate-500 px-2 py-0.5 disabled:opacity-50"
        >
          copy the pod with {failing.name} running a shell
        </button>
      )}
      {make.isError && <span className="ml-2 text-red-700">failed: {make.error.text}</span>}
    </section>
  );
}
