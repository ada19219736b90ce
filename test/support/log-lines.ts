// Every JSON log line the server writes in this test process (its audit lines among them), kept
// while still printed: stdout is wrapped once, for the whole file.
export function captureLogLines(): { logged: Record<string, unknown>[]; audits: (event: string) => Record<string, unknown>[] } {
  const logged: Record<string, unknown>[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    for (const line of String(chunk).split('\n'))
      if (line.startsWith('{'))
        try {
          logged.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          /* not ours */
        }
    return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  return { logged, audits: (event) => logged.filter((l) => l.msg === 'audit' && l.event === event) };
}
