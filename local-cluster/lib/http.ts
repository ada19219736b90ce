// Minimal HTTPS/HTTP client for health checks and API calls made by the cluster tooling itself.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Pki } from './certs.ts';

export interface Reply {
  status: number;
  body: string;
}

export function request(
  url: string,
  opts: { pki?: Pki; method?: string; headers?: Record<string, string>; body?: string; insecure?: boolean; timeoutMs?: number } = {},
): Promise<Reply> {
  const u = new URL(url);
  const tls = u.protocol === 'https:';
  const mod = tls ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        timeout: opts.timeoutMs ?? 5000,
        ...(tls && opts.pki && !opts.insecure
          ? { ca: readFileSync(opts.pki.caCert), cert: readFileSync(opts.pki.adminCert), key: readFileSync(opts.pki.adminKey) }
          : {}),
        ...(tls && opts.insecure ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 5000}ms: ${url}`)));
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}
