#!/usr/bin/env node
// `npx podscope ...`: runs the TypeScript CLI (cli/podscope.ts) with tsx, on Node 24 when the
// current Node is older and Podscope's cached Node 24 is available.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let node = process.execPath;
if (Number(process.versions.node.split('.')[0]) < 24) {
  const cached = join(
    process.env.PODSCOPE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podscope'),
    'node24',
    'node_modules',
    '.bin',
    'node',
  );
  if (existsSync(cached)) node = cached;
  else
    process.stderr.write(
      `podscope: Node ${process.versions.node} is older than 24; live diagnosis may fail (run 'bash scripts/setup.sh' once to install Node 24)\n`,
    );
}
const tsx = require.resolve('tsx');
const r = spawnSync(node, ['--conditions=react-server', '--import', tsx, join(root, 'cli', 'podscope.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
process.exit(r.status ?? 1);
