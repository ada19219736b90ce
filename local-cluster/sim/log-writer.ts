// A small background process started by `up`: appends a request log line to the live log files
// every `intervalMs` (default 1000), so followed log streams keep producing lines.
// Bounded: it stops after `maxLines` lines (default one week at one line per second).
import { appendLive } from './logs.ts';

const [dir, intervalArg, maxArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: log-writer.ts <dir> [intervalMs] [maxLines]');
  process.exit(2);
}
const interval = Number(intervalArg ?? 1000);
const max = Number(maxArg ?? 604_800);
let i = 0;
const timer = setInterval(() => {
  appendLive(dir, i++, new Date());
  if (i >= max) clearInterval(timer);
}, interval);
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.exit(0);
});
