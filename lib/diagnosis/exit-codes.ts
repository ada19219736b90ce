// What a container's exit code means. Codes above 128 are 128 + the signal that killed it.
const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
};

export function decodeExitCode(code: number, reason?: string): string {
  if (reason === 'OOMKilled') return `${code}: killed by the kernel's OOM killer (SIGKILL) for exceeding its memory limit`;
  if (reason === 'StartError' || code === 128) return `${code}: the runtime could not start the process (bad command, entrypoint or mount)`;
  if (code === 0) return '0: the process finished successfully';
  if (code === 1) return '1: the application exited with a generic error';
  if (code === 2) return '2: misuse of a shell builtin or bad arguments';
  if (code === 126) return '126: the command exists but is not executable (permissions or wrong format)';
  if (code === 127) return '127: command not found in the image';
  if (code > 128 && code < 160) {
    const sig = code - 128;
    const name = SIGNALS[sig] ?? `signal ${sig}`;
    const why =
      sig === 9
        ? ' (killed: memory limit, liveness probe, or a kill after the grace period)'
        : sig === 15
          ? ' (asked to stop, e.g. by the kubelet)'
          : sig === 11
            ? ' (segmentation fault: a crash in native code)'
            : sig === 6
              ? ' (aborted, often an assertion or a runtime panic)'
              : '';
    return `${code}: terminated by ${name}${why}`;
  }
  return `${code}: the application's own exit status`;
}
