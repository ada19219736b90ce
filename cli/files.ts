// Reading what kubectl wrote: files (JSON or YAML, one object, a List, or several YAML
// documents) and directories (a `kubectl cluster-info dump --output-directory` tree: nodes.json
// at the top, <namespace>/<kind>.json typed lists below, <namespace>/<pod>/logs.txt). A file
// that cannot be read or parsed stops everything with its name (exit 2): a diagnosis from half
// the input would be wrong without saying so.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeDocument } from '@/lib/diagnosis/offline';

export class InputError extends Error {}

export interface ReadFiles {
  documents: KubeDocument[];
  /** container logs a cluster-info dump wrote: "ns/pod/container" → lines */
  logs: Map<string, string[]>;
  notes: string[];
}

const DATA = new Set(['.json', '.yaml', '.yml']);

function parse(file: string, text: string): unknown[] {
  const ext = extname(file).toLowerCase();
  const trimmed = text.trimStart();
  if (ext === '.json' || ((trimmed.startsWith('{') || trimmed.startsWith('[')) && ext !== '.yaml' && ext !== '.yml')) {
    try {
      const v = JSON.parse(text) as unknown;
      return Array.isArray(v) ? v : [v];
    } catch (e) {
      throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
    }
  }
  const docs = parseAllDocuments(text);
  const out: unknown[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new InputError(`${file}: not valid YAML (${d.errors[0].message.split('\n')[0]})`);
    const v = d.toJS() as unknown;
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

/** `==== START logs for container X of pod NS/POD ====` … `==== END logs for container X of pod NS/POD ====` */
function parseDumpLogs(text: string, into: Map<string, string[]>): void {
  let key: string | undefined;
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const start = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====$/.exec(line);
    if (start) {
      key = `${start[2]}/${start[3]}/${start[1]}`;
      lines = [];
      continue;
    }
    if (key && /^==== END logs for container \S+ of pod \S+ ====$/.test(line)) {
      into.set(key, lines.slice(-50));
      key = undefined;
      continue;
    }
    if (key) lines.push(line);
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function readInputs(paths: string[]): ReadFiles {
  const documents: KubeDocument[] = [];
  const logs = new Map<string, string[]>();
  const notes: string[] = [];
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e) {
      throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!isDir) {
      for (const value of parse(path, read(path))) documents.push({ origin: path, value });
      continue;
    }
    for (const file of walk(path)) {
      const rel = relative(path, file);
      const parts = rel.split(sep);
      if (basename(file) === 'logs.txt') {
        parseDumpLogs(read(file), logs);
        continue;
      }
      if (!DATA.has(extname(file).toLowerCase())) {
        notes.push(`skipped ${rel}: not a .json or .yaml file`);
        continue;
      }
      // a cluster-info dump keeps each namespace's lists in a directory named after it
      const namespace = parts.length === 2 ? parts[0] : undefined;
      for (const value of parse(file, read(file))) documents.push({ origin: file, value, namespace });
    }
  }
  return { documents, logs, notes };
}
