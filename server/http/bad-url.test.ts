import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, urlProblem, urlProblemPage } from './bad-url';

describe('addresses refused before anything renders', () => {
  it('passes what Podscope links to', () => {
    for (const p of [
      '/',
      '/c/podscope-local/pods',
      '/c/podscope-local/pods/demo/api-7f9c-x2',
      '/c/kind%20dev/pods/a/b.c',
      '/c/x/w/ns/deployment/web',
      '/api/stream',
    ])
      expect(urlProblem(p, '?ns=demo&q=%20a'), p).toBeUndefined();
  });
  it('a malformed percent-escape is a 400 that names the segment', () => {
    const p = urlProblem('/c/podscope-local/pods/demo/%E0%A4%A', '');
    expect(p).toMatchObject({ status: 400 });
    expect(p!.problems[0]).toContain('%E0%A4%A');
    expect(urlProblem('/c/x/pods', '?q=%zz')).toMatchObject({ status: 400 });
  });
  it('pod and workload pages whose names cannot exist in Kubernetes', () => {
    expect(urlProblem('/c/x/pods/Bad_NS/p', '')!.problems[0]).toMatch(/not a valid namespace name/);
    expect(urlProblem('/c/x/pods/ns/UPPER', '')!.problems[0]).toMatch(/not a valid pod name/);
    expect(urlProblem('/c/x/pods/ns/' + 'a'.repeat(254), '')!.problems[0]).toMatch(/pod name/);
    expect(urlProblem('/c/x/w/ns/deployment/No', '')!.problems[0]).toMatch(/workload name/);
  });
  it('an oversized query', () => {
    expect(urlProblem('/c/x/pods', '?q=' + 'a'.repeat(MAX_QUERY_CHARS))).toMatchObject({ status: 414 });
  });
  it('the page escapes what it repeats', () => {
    const html = urlProblemPage(urlProblem('/c/x/pods/ns/%3Cscript%3E', '')!);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});
