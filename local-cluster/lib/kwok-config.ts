// Writes the configuration our kwok runs with: our stages, the ClusterLogs that map pods to
// log files, the resource usage its kubelet endpoint reports (sim/usage.ts), and exec and
// port-forward (sim/exec.ts). (No KwokConfiguration document: kwok's defaults apply only when none is given.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { execDocuments } from '../sim/exec.ts';
import { writeLogFiles } from '../sim/logs.ts';
import { allStages } from '../sim/stages.ts';
import { usageDocuments } from '../sim/usage.ts';
import type { ClusterState } from './components.ts';
import { paths } from './paths.ts';

export function stageFiles(state: ClusterState): string[] {
  const docs = [
    ...allStages(),
    ...writeLogFiles(paths.podLogs, new Date()),
    ...usageDocuments(),
    ...execDocuments(state.stateDir, state.ports.podHttp),
  ];
  const file = join(state.stateDir, 'kwok.yaml');
  writeFileSync(file, docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
  return [file];
}
