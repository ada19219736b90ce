// What a simulated pod's container ports answer: kwok's ClusterPortForward sends every forwarded
// port of every simulated pod here (sim/exec.ts), as a real pod's web server would answer
// `kubectl port-forward`. Small on purpose: a page, Prometheus-style /metrics, an echo of the
// request, and /bytes?n=N (N bytes, for the port-forward throughput benchmark).
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: pod-http.ts <port>');
  process.exit(2);
}
let requests = 0;
// (byte k of a /bytes answer is k mod 251: a chunk is a whole number of that cycle, so a relay
// that drops, repeats or reorders bytes is caught by the tests reading it)
const chunk = Buffer.from(Array.from({ length: 251 * 261 }, (_, i) => i % 251));
const server = createServer((req, res) => {
  requests++;
  const url = new URL(req.url ?? '/', 'http://pod.invalid');
  if (url.pathname === '/healthz') return res.end('ok');
  if (url.pathname === '/metrics') {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    return res.end(`# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\nhttp_requests_total ${requests}\n`);
  }
  if (url.pathname === '/echo') {
    res.setHeader('Content-Type', 'application/json');
    return res.end(JSON.stringify({ method: req.method, path: req.url, headers: req.headers }));
  }
  if (url.pathname === '/bytes') {
    let left = Math.min(Number(url.searchParams.get('n') ?? 0) || 0, 1 << 30);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(left));
    const more = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', more);
      }
      res.end();
    };
    return more();
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end('<!doctype html><title>simulated pod</title><h1>Hello from a simulated pod</h1><p><a href="metrics">metrics</a></p>\n');
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
