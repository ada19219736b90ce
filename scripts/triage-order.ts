// Prints the triage board of a context, in rank order with the reasons each card shows: how the
// README's triage table is made (`node --import tsx scripts/triage-order.ts [context]`).
import { startTriage } from '@/server/triage/board';
import { LOCAL } from '@/server/auth/identity';
import type { Incident } from '@/lib/triage/incidents';

const context = process.argv[2] ?? 'podscope-local';
let incidents: Incident[] = [];
const board = startTriage(
  context,
  LOCAL,
  undefined,
  (i) => (incidents = i),
  () => {},
);
const started = Date.now();
while (!incidents.length && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 500));
await new Promise((r) => setTimeout(r, 12_000)); // one more recomputation, with every cache synced
board.stop();
console.log('| # | incident | pods | why it ranks here |\n|---|---|---|---|');
incidents.forEach((i, n) =>
  console.log(
    `| ${n + 1} | ${i.severity} ${i.findingId} — ${i.workload.namespace}/${i.workload.kind.toLowerCase()}/${i.workload.name} | ${i.affected} of ${i.desired} | ${i.rank.reasons.join('; ')} (score ${i.rank.score}) |`,
  ),
);
process.exit(0);
