'use client';
// A pod's shell and debug containers for the pod page: may this user open one (and the CSRF
// token), adding a debug container, and the terminal's WebSocket (see server/exec/session.ts for
// its messages: binary is terminal bytes both ways, text is JSON control).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  copyResult,
  debugResult,
  type DebugRequest,
  execInfo,
  type ExecInfo,
  forwardsInfo,
  type ForwardsInfo,
  okResult,
  openedForward,
} from '@/lib/api/exec';
import { CSRF_HEADER, podApi } from '@/lib/api/paths';
import { ApiError, apiRequest } from './api-client';

export function useExecInfo(context: string, namespace: string, name: string) {
  return useQuery<ExecInfo, ApiError>({
    queryKey: ['exec', context, namespace, name],
    queryFn: () => apiRequest(podApi(context, namespace, name).exec, execInfo),
    staleTime: 30_000,
    retry: false,
  });
}

export function useAddDebugContainer(context: string, namespace: string, name: string) {
  return useMutation<{ container: string; message: string }, ApiError, DebugRequest & { csrf: string }>({
    mutationFn: ({ csrf, ...body }) =>
      apiRequest(podApi(context, namespace, name).debug, debugResult, {
        method: 'POST',
        headers: { [CSRF_HEADER]: csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
  });
}

export type ShellMessage =
  | { type: 'started'; container: string; command: string[] }
  | { type: 'exit'; code: number | null; message?: string }
  | { type: 'error'; message: string };

/** What the shell needs of a terminal (xterm.js's Terminal has it). */
export interface ShellTerminal {
  cols: number;
  rows: number;
  write(data: Uint8Array): void;
  focus(): void;
  onData(cb: (data: string) => void): { dispose(): void };
  onResize(cb: () => void): { dispose(): void };
}

export type ShellEvent = ShellMessage | { type: 'closed'; code: number };

/**
 * Connects a terminal to a shell in the container: same origin, the CSRF token as a subprotocol
 * (a browser cannot set headers on a WebSocket). Keystrokes go out as bytes, the terminal's size
 * as a resize message; returns the function that ends the session.
 */
export function connectShell(
  term: ShellTerminal,
  p: { context: string; namespace: string; name: string; container: string; command: string[]; csrf: string },
  onEvent: (e: ShellEvent) => void,
): () => void {
  const q = new URLSearchParams({ container: p.container, tty: 'true' });
  for (const c of p.command) q.append('command', c);
  const url = new URL(`${podApi(p.context, p.namespace, p.name).exec}?${q}`, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url, ['podscope.exec.v1', `csrf.${p.csrf}`]);
  ws.binaryType = 'arraybuffer';
  const enc = new TextEncoder();
  const sendResize = () =>
    ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
  ws.onopen = () => {
    sendResize();
    term.focus();
  };
  ws.onmessage = (m) => {
    if (typeof m.data !== 'string') term.write(new Uint8Array(m.data as ArrayBuffer));
    else onEvent(JSON.parse(m.data) as ShellMessage);
  };
  ws.onclose = (e) => onEvent({ type: 'closed', code: e.code });
  const data = term.onData((d) => ws.readyState === WebSocket.OPEN && ws.send(enc.encode(d)));
  const resize = term.onResize(sendResize);
  return () => {
    data.dispose();
    resize.dispose();
    ws.close();
  };
}

export function useForwards(context: string, namespace: string, name: string) {
  return useQuery<ForwardsInfo, ApiError>({
    queryKey: ['forwards', context, namespace, name],
    queryFn: () => apiRequest(podApi(context, namespace, name).forwards, forwardsInfo),
    // who has which port open, and the last use, change without the pod changing
    refetchInterval: 10_000,
    retry: false,
  });
}

export function useForwardControl(context: string, namespace: string, name: string) {
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['forwards', context, namespace, name] });
  const open = useMutation<{ url: string }, ApiError, { port: number; kind: 'http' | 'tcp'; csrf: string }>({
    mutationFn: ({ csrf, ...body }) =>
      apiRequest(podApi(context, namespace, name).forwards, openedForward, {
        method: 'POST',
        headers: { [CSRF_HEADER]: csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    onSettled: refresh,
  });
  const close = useMutation<unknown, ApiError, { id: string; csrf: string }>({
    mutationFn: ({ id, csrf }) =>
      apiRequest(podApi(context, namespace, name).forward(id), okResult, { method: 'DELETE', headers: { [CSRF_HEADER]: csrf } }),
    onSettled: refresh,
  });
  return { open, close };
}

export function useDebugCopy(context: string, namespace: string, name: string) {
  const make = useMutation<{ copy: string; container: string; message: string }, ApiError, { container?: string; csrf: string }>({
    mutationFn: ({ csrf, ...body }) =>
      apiRequest(podApi(context, namespace, name).debugCopy(), copyResult, {
        method: 'POST',
        headers: { [CSRF_HEADER]: csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
  });
  const remove = useMutation<unknown, ApiError, { copy: string; csrf: string }>({
    mutationFn: ({ copy, csrf }) =>
      apiRequest(podApi(context, namespace, name).debugCopy(copy), okResult, { method: 'DELETE', headers: { [CSRF_HEADER]: csrf } }),
  });
  return { make, remove };
}
