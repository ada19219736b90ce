// Podscope's command line: diagnose pods live from a kubeconfig context, or offline from what
// kubectl wrote (any number of files and directories: single objects, Lists of mixed kinds,
// YAML, a `kubectl cluster-info dump --output-directory` tree). The same engine and the same
// gathering as the dashboard; text or JSON output, for alert enrichment and chat-ops.
import { parseArgs } from 'node:util';
import type { V1Pod } from '@kubernetes/client-node';
import { diagnosisReport } from '@/lib/diagnosis/engine';
import { gatherInput } from '@/lib/diagnosis/gather';
import { objectSources } from '@/lib/diagnosis/object-sources';
import { DocumentError, objectSet } from '@/lib/diagnosis/offline';
import { reportText } from '@/lib/diagnosis/text';
import { type DiagnosisReport, SEVERITY_RANK } from '@/lib/diagnosis/types';
import { InputError, readInputs } from './files';

const HELP = `usage:
  podscope diagnose <namespace>/<pod> [--context NAME] [--json]
      live, from your kubeconfig
  podscope diagnose -f PATH [-f PATH ...] [<namespace>/<pod> ...] [--all] [--json] [--now TIME]
      offline, from what kubectl wrote: -o json or -o yaml files (one object, or a List of any
      kinds: kubectl get pod,rs,deploy,sts,ds,job,cronjob,pvc,sc,cm,nodes,events -o json), or a
      directory from kubectl cluster-info dump --output-directory DIR. Without a pod named, every
      unhealthy pod in the files, worst first (--all: healthy ones too).
exit status: 0 healthy, 1 findings, 2 usage or input error`;

class UsageError extends Error {}
const POD = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/;

interface Diagnosed {
  pod: string;
  report: DiagnosisReport;
}

async function offline(paths: string[], named: string[], all: boolean, now: number): Promise<{ results: Diagnosed[]; notes: string[] }> {
  const read = readInputs(paths);
  let set;
  try {
    set = objectSet(read.documents);
  } catch (e) {
    if (e instanceof DocumentError) throw new InputError(e.message);
    throw e;
  }
  const sources = objectSources(set.indexes, { missingWhy: (kind) => `no ${kind}s in the files given` });
  sources.logTail = async (ns, pod, container, previous) => (previous ? undefined : read.logs.get(`${ns}/${pod}/${container}`));
  const notes = [...read.notes, ...set.notes];
  const byName = new Map(set.pods.map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
  let pods: V1Pod[];
  if (named.length) {
    pods = named.map((n) => {
      const p = byName.get(n);
      if (!p) throw new UsageError(`no pod ${n} in the files given (${byName.size} pod${byName.size === 1 ? '' : 's'} there)`);
      return p;
    });
  } else {
    if (!set.pods.length) throw new UsageError(`no pods in the files given (add kubectl get pods -o json)`);
    pods = set.pods;
  }
  const results: Diagnosed[] = [];
  for (const p of pods) {
    const report = diagnosisReport(await gatherInput(sources, p, { now }));
    results.push({ pod: `${p.metadata?.namespace}/${p.metadata?.name}`, report });
  }
  const shown = named.length || all ? results : results.filter((r) => !r.report.healthy);
  const rank = (r: Diagnosed) => {
    const f = r.report.findings.find((x) => !x.causedBy && x.category !== 'spec');
    return f ? SEVERITY_RANK[f.severity] : 9;
  };
  shown.sort((a, b) => rank(a) - rank(b) || a.pod.localeCompare(b.pod));
  if (!named.length) notes.push(`${results.length} pod(s) diagnosed, ${results.filter((r) => !r.report.healthy).length} with findings`);
  return { results: shown, notes };
}

async function live(target: string, context: string | undefined, now: number): Promise<Diagnosed> {
  const m = POD.exec(target);
  if (!m) throw new UsageError(`expected <namespace>/<pod>, got "${target}"\n${HELP}`);
  const { listContexts } = await import('@/server/kube/clusters');
  const { gatherDiagnosisInput } = await import('@/server/diagnosis/gather');
  const ctx = context ?? listContexts().current;
  if (!ctx) throw new UsageError(`no kubeconfig context: ${listContexts().problem ?? 'set --context'}`);
  return { pod: target, report: diagnosisReport(await gatherDiagnosisInput(ctx, m[1], m[3], now)) };
}

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd !== 'diagnose') {
    process.stdout.write(`${HELP}\n`);
    return cmd && cmd !== 'help' && cmd !== '--help' ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        context: { type: 'string' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        file: { type: 'string', short: 'f', multiple: true },
        // the earlier flags, kept: each is just another file
        pod: { type: 'string', multiple: true },
        events: { type: 'string', multiple: true },
        owners: { type: 'string', multiple: true },
        nodes: { type: 'string', multiple: true },
        now: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${HELP}`);
  }
  const { values, positionals } = parsed;
  const now = values.now ? Date.parse(values.now) : Date.now();
  if (Number.isNaN(now)) throw new UsageError('--now must be an RFC 3339 time');
  const files = [
    ...(values.file ?? []),
    ...(values.pod ?? []),
    ...(values.events ?? []),
    ...(values.owners ?? []),
    ...(values.nodes ?? []),
  ];
  for (const p of positionals) if (!POD.test(p)) throw new UsageError(`expected <namespace>/<pod>, got "${p}"`);

  let results: Diagnosed[];
  let notes: string[] = [];
  if (files.length) ({ results, notes } = await offline(files, positionals, !!values.all, now));
  else if (positionals.length === 1) results = [await live(positionals[0], values.context, now)];
  else throw new UsageError(HELP);

  for (const n of notes) process.stderr.write(`podscope: ${n}\n`);
  if (values.json) {
    const one = (r: Diagnosed) => ({ pod: r.pod, ...r.report });
    const out = results.length === 1 && positionals.length === 1 ? { ...one(results[0]), notes } : { pods: results.map(one), notes };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    if (!results.length) process.stdout.write('no unhealthy pods in the files given\n');
    process.stdout.write(results.map((r) => reportText(r.pod, r.report)).join('\n'));
  }
  return results.some((r) => !r.report.healthy) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`podscope: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError || err instanceof InputError ? 2 : 3);
  },
);
