// Podscope's command line: diagnose pods from a live context, or offline from the JSON files
// `kubectl get pod -o json` and `kubectl get events -o json` write. Text or JSON output, for
// alert enrichment and chat-ops.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { diagnose, primary } from '@/lib/diagnosis/engine';
import type { DiagnosisInput, Finding } from '@/lib/diagnosis/types';
import { normalizeEvent } from '@/lib/events/normalize';

const HELP = `usage:
  podscope diagnose <namespace>/<pod> [--context NAME] [--json]      live, from your kubeconfig
  podscope diagnose --pod pod.json [--events events.json] [--owners owners.json] [--nodes nodes.json] [--json]
                                                                       offline, from kubectl -o json dumps
exit status: 0 healthy, 1 findings, 2 usage or input error`;

class UsageError extends Error {}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
const items = <T>(v: unknown): T[] => (v as { items?: T[] }).items ?? (Array.isArray(v) ? (v as T[]) : [v as T]);

function text(pod: string, findings: Finding[]): string {
  if (findings.length === 0) return `${pod}: healthy, no findings\n`;
  const lines = [`${pod}: ${findings.filter((f) => f.category !== 'spec').length} problem(s)`];
  for (const f of findings) {
    lines.push('', `[${f.severity.toUpperCase()}] ${f.title}  (${f.id})`, `  ${f.explanation}`);
    if (f.evidence.length) lines.push('  evidence:', ...f.evidence.map((e) => `    - ${e.source}: ${e.text}`));
    if (f.causes.length) lines.push('  likely causes:', ...f.causes.map((c, i) => `    ${i + 1}. ${c}`));
    if (f.remedies.length)
      lines.push(
        '  what to do:',
        ...f.remedies.flatMap((r) => [
          `    - ${r.text}`,
          ...(r.command ? [`        $ ${r.command}`] : []),
          ...(r.snippet ? r.snippet.split('\n').map((l) => `        ${l}`) : []),
        ]),
      );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd !== 'diagnose') {
    console.log(HELP);
    return cmd ? 2 : 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      json: { type: 'boolean' },
      pod: { type: 'string' },
      events: { type: 'string' },
      owners: { type: 'string' },
      nodes: { type: 'string' },
      now: { type: 'string' },
    },
  });
  const now = values.now ? Date.parse(values.now) : Date.now();
  if (Number.isNaN(now)) throw new UsageError('--now must be an RFC 3339 time');
  let input: DiagnosisInput;
  if (values.pod) {
    const pod = items<V1Pod>(readJson(values.pod))[0];
    if (!pod?.metadata?.name || pod.kind !== 'Pod')
      throw new UsageError(`${values.pod} does not hold a Pod (kubectl get pod NAME -o json)`);
    const events = values.events
      ? items<CoreV1Event>(readJson(values.events))
          .filter((e) => e.involvedObject?.name === pod.metadata?.name)
          .map(normalizeEvent)
      : [];
    const ownerObjs = values.owners ? items<{ kind?: string }>(readJson(values.owners)) : [];
    const nodes = values.nodes ? items<V1Node>(readJson(values.nodes)) : undefined;
    const owners: DiagnosisInput['owners'] = {};
    const rsName = pod.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet')?.name;
    for (const o of ownerObjs as { kind?: string; metadata?: { name?: string } }[]) {
      if (o.kind === 'ReplicaSet') {
        if (o.metadata?.name === rsName) owners.replicaSet = o as never;
        else (owners.siblings ??= []).push(o as never);
      }
      if (o.kind === 'Deployment') owners.deployment = o as never;
      if (o.kind === 'Job') owners.job = o as never;
    }
    input = { pod, events, owners, nodes, node: nodes?.find((n) => n.metadata?.name === pod.spec?.nodeName), now };
  } else {
    const target = positionals[0];
    const m = /^([a-z0-9-]{1,63})\/([a-z0-9.-]{1,253})$/.exec(target ?? '');
    if (!m) throw new UsageError(`expected <namespace>/<pod>, got "${target ?? ''}"\n${HELP}`);
    const { listContexts } = await import('@/server/kube/clusters');
    const { gatherDiagnosisInput } = await import('@/server/diagnosis/gather');
    const ctx = values.context ?? listContexts().current;
    if (!ctx) throw new UsageError(`no kubeconfig context: ${listContexts().problem ?? 'set --context'}`);
    input = await gatherDiagnosisInput(ctx, m[1], m[2], now);
  }
  const findings = diagnose(input);
  const name = `${input.pod.metadata?.namespace}/${input.pod.metadata?.name}`;
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ pod: name, primary: primary(findings)?.id ?? null, healthy: !primary(findings), findings }, null, 2)}\n`,
    );
  else process.stdout.write(text(name, findings));
  return primary(findings) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`podscope: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError ? 2 : 3);
  },
);
