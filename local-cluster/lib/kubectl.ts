// Runs the cached kubectl against the local cluster.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { binDir, paths } from './paths.ts';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectl(args: string[], opts: { input?: string; kubeconfig?: string; allowFail?: boolean } = {}): Promise<KubectlResult> {
  const exe = join(binDir(), 'kubectl');
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      env: { ...process.env, KUBECONFIG: opts.kubeconfig ?? paths.kubeconfig },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const r = { code: code ?? -1, stdout, stderr };
      if (r.code !== 0 && !opts.allowFail) reject(new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${stderr.trim()}`));
      else resolve(r);
    });
    // (a kubectl that exits without reading its input closes the pipe first: EPIPE here says
    // nothing its exit code does not)
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}
