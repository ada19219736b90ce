// The diagnosis corpus: every case, by area (the captured scenario fixtures are cases too; the
// corpus test adds them).
import type { CorpusCase } from './case';
import { containerCases } from './containers';
import { disruptionCases } from './disruption';
import { jobCases, terminationCases } from './jobs';
import { schedulingCases } from './scheduling';

export const CORPUS: CorpusCase[] = [...schedulingCases, ...disruptionCases, ...jobCases, ...terminationCases, ...containerCases];
