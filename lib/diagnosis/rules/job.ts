// A Job's verdict on its pods: the job controller marks the Job Failed with a reason —
// BackoffLimitExceeded ("Job has reached the specified backoff limit"), DeadlineExceeded ("Job
// was active longer than specified deadline"), PodFailurePolicy (a pod failure matched a FailJob
// rule), MaxFailedIndexesExceeded / FailedIndexes (indexed Jobs) — (pkg/controller/job). For
// the pods of that Job this is what leads: their crashes are why the Job gave up.
import { sh } from '../../text/shell';
import type { Finding, Rule } from '../types';

export const jobRule: Rule = ({ pod, owners }) => {
  const job = owners?.job;
  const failed = job?.status?.conditions?.find((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True');
  if (!job || !failed) return [];
  const name = job.metadata?.name ?? '';
  const ns = pod.metadata?.namespace ?? '';
  const cron = owners?.cronJob?.metadata?.name ?? job.metadata?.ownerReferences?.find((o) => o.kind === 'CronJob')?.name;
  const counts = `${job.status?.failed ?? 0} failed, ${job.status?.succeeded ?? 0} succeeded${job.spec?.completions ? ` of ${job.spec.completions}` : ''}`;
  const [id, title, why]: [string, string, string] = (() => {
    switch (failed.reason) {
      case 'DeadlineExceeded':
        return [
          'job.deadline',
          `Job ${name} failed: it ran past its activeDeadlineSeconds (${job.spec?.activeDeadlineSeconds ?? '?'}s)`,
          'the whole Job has a deadline; when it passes, its running pods are stopped and it fails',
        ];
      case 'PodFailurePolicy':
        return [
          'job.pod-failure-policy',
          `Job ${name} failed: a pod failure matched its podFailurePolicy (FailJob)`,
          'its podFailurePolicy says some failures are not worth retrying (an exit code or a condition), and one happened',
        ];
      case 'MaxFailedIndexesExceeded':
      case 'FailedIndexes':
        return [
          'job.failed-indexes',
          `Job ${name} failed: indexes failed beyond their backoffLimitPerIndex`,
          'in an indexed Job each index has its own retries; indexes that used theirs up failed the Job',
        ];
      default:
        return [
          'job.backoff-limit',
          `Job ${name} gave up: backoffLimit (${job.spec?.backoffLimit ?? 6}) reached`,
          `its pods failed ${job.status?.failed ?? '?'} times, beyond backoffLimit ${job.spec?.backoffLimit ?? 6}; the job controller stops creating pods`,
        ];
    }
  })();
  const finding: Finding = {
    id,
    category: 'job',
    severity: 'error',
    confidence: 'high',
    title,
    explanation:
      `${failed.message ?? ''} The Job will not try again: ${why}.${cron ? ` It was started by CronJob ${cron}, whose next scheduled run starts a new Job.` : ''}`.trim(),
    evidence: [
      { source: `job/${name}.status.conditions[${failed.type}]`, text: `${failed.reason ?? ''}: ${failed.message ?? ''}` },
      { source: `job/${name}.status`, text: counts },
    ],
    causes: ['its pods fail (see what this pod went through below)'],
    remedies: cron
      ? [
          {
            text: `Fix the failure in CronJob ${cron}'s template; the next run uses it`,
            command: sh`kubectl -n ${ns} edit ${`cronjob/${cron}`}`,
          },
        ]
      : [
          {
            text: 'Fix the failure, then run the Job again',
            command: sh`kubectl -n ${ns} get ${`job/${name}`} -o json | kubectl replace --force -f -`,
          },
        ],
  };
  return [finding];
};
