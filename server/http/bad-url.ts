// Addresses Podscope refuses before anything renders or any cluster is asked: a malformed
// percent-escape (decoding would throw deep inside a route: a bare 500), a query too long to be
// anything but a mistake or an attack, and pod or workload pages whose namespace or name cannot
// exist in Kubernetes (the page would wait for a pod that can never arrive). Pure: the request
// gate (run before every request, outside the route handlers' module graph) calls it.
import { contextName, namespaceName, objectName } from '../../lib/validation/names';

export const MAX_QUERY_CHARS = 8192;

export interface UrlProblem {
  status: 400 | 414;
  title: string;
  problems: string[];
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const check = (what: string, schema: typeof namespaceName, value: string) => {
  const r = schema.safeParse(value);
  return r.success
    ? undefined
    : `“${value.length > 80 ? `${value.slice(0, 80)}…` : value}” is not a valid ${what}: ${r.error.issues[0]?.message}`;
};

/** What is wrong with this address (path as sent, percent-escapes and all), if anything. */
export function urlProblem(rawPath: string, search: string): UrlProblem | undefined {
  if (search.length > MAX_QUERY_CHARS)
    return {
      status: 414,
      title: 'Address too long',
      problems: [`the query has ${search.length} characters; Podscope takes at most ${MAX_QUERY_CHARS}`],
    };
  const raw = rawPath.split('/').slice(1);
  const segs = raw.map(decoded);
  const bad = raw.filter((_, i) => segs[i] === undefined);
  if (bad.length)
    return {
      status: 400,
      title: 'Not a valid address',
      problems: bad.map((s) => `“${s.slice(0, 80)}” has a malformed percent-escape (a % must be followed by two hex digits of UTF-8)`),
    };
  try {
    decodeURIComponent(search.replace(/\+/g, ' '));
  } catch {
    return { status: 400, title: 'Not a valid address', problems: ['the query has a malformed percent-escape'] };
  }
  const s = segs as string[];
  const problems: (string | undefined)[] = [];
  // /c/{context}/pods/{namespace}/{name} and /c/{context}/w/{namespace}/{kind}/{name}
  if (s[0] === 'c' && s.length >= 2) problems.push(check('context name', contextName as typeof namespaceName, s[1]));
  if (s[0] === 'c' && s[2] === 'pods' && s.length >= 5 && s.length <= 6 && (s.length === 5 || s[5] === '')) {
    problems.push(check('namespace name', namespaceName, s[3]), check('pod name', objectName, s[4]));
  }
  if (s[0] === 'c' && s[2] === 'w' && s.length >= 6)
    problems.push(check('namespace name', namespaceName, s[3]), check('workload name', objectName, s[5]));
  const found = problems.filter((p): p is string => !!p);
  return found.length ? { status: 400, title: 'Not a valid address', problems: found } : undefined;
}

const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Podscope's own error page for a refused address (every value in it escaped). */
export function urlProblemPage(p: UrlProblem): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(p.title)} — Podscope</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#0f172a}h1{font-size:1.25rem}li{margin:.25rem 0}a{color:#2563eb}</style></head>
<body><h1 data-testid="bad-url">${esc(p.title)} (${p.status})</h1><ul>${p.problems.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<p>Check the link, or start from <a href="/">the cluster list</a>.</p></body></html>`;
}
