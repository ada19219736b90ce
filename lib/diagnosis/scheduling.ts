// Parsing the scheduler's FailedScheduling message, whose shape is
// "0/N nodes are available:[ <prefilter message>.] <count> <reason>, <count> <reason>.[ ...] preemption: ..."
// (entries sorted as strings, not by count).
export interface SchedulingReasons {
  total?: number;
  reasons: { count: number; reason: string }[];
  preemption?: string;
}

export function parseFailedScheduling(message: string): SchedulingReasons {
  const m = /^0\/(\d+) nodes are available:\s*([\s\S]*)$/.exec(message.trim());
  if (!m) return { reasons: [] };
  let rest = m[2];
  let preemption: string | undefined;
  const p = rest.search(/\bpreemption:/);
  if (p >= 0) {
    preemption = rest
      .slice(p)
      .replace(/^preemption:\s*/, '')
      .trim();
    rest = rest.slice(0, p);
  }
  const reasons: { count: number; reason: string }[] = [];
  for (const sentence of rest
    .split(/\.(?:\s+|$)/)
    .map((s) => s.trim().replace(/,$/, ''))
    .filter(Boolean)) {
    if (/^\d+ /.test(sentence)) {
      for (const entry of sentence.split(/,\s+(?=\d+ )/)) {
        const e = /^(\d+) (.+)$/.exec(entry.trim());
        if (e) reasons.push({ count: Number(e[1]), reason: e[2].trim() });
      }
    } else if (!/^no new claims to deallocate/.test(sentence)) {
      reasons.push({ count: 0, reason: sentence });
    }
  }
  return { total: Number(m[1]), reasons, preemption };
}
