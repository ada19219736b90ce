// Appends `rate` CRI log lines per second to a file for `seconds`, numbered so a reader can
// check that none were lost or repeated (and tagged with `run`, when given, so one run's lines
// tell apart from an earlier run's in the same file). Bounded in count and time.
import { appendFileSync } from 'node:fs';
import { criLine } from '../local-cluster/sim/logs.ts';

const [file, rateArg, secondsArg, run] = process.argv.slice(2);
const rate = Number(rateArg ?? 2000),
  seconds = Number(secondsArg ?? 10);
if (!file || !(rate > 0 && rate <= 20_000) || !(seconds > 0 && seconds <= 600)) {
  console.error('usage: log-firehose.ts <file> <lines/s ≤ 20000> <seconds ≤ 600> [run tag]');
  process.exit(2);
}
const t0 = Date.now();
let n = 0;
const tick = setInterval(() => {
  const due = Math.min(rate * seconds, Math.floor(((Date.now() - t0) / 1000) * rate));
  let chunk = '';
  const now = new Date();
  while (n < due) chunk += criLine(now, 'stdout', `firehose ${run ? `run=${run} ` : ''}seq=${n++} ${'x'.repeat(60)}`);
  if (chunk) appendFileSync(file, chunk);
  if (n >= rate * seconds) {
    clearInterval(tick);
    process.stdout.write(`${n}\n`);
  }
}, 10);
