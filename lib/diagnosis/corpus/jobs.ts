// Jobs and CronJobs (pkg/controller/job/job_controller.go: the Failed / FailureTarget condition
// reasons and messages; pod_failure_policy.go for the FailJob message), and deletions that do not
// finish, in every phase (a finalizer holds the object whatever its containers did).
import { ago, container, cronJob, event, job, list, node, notReadyConditions, pod, running, terminated, waiting } from './build';
import type { CorpusCase } from './case';

const JOB = 'pkg/controller/job/job_controller.go (newFailureCondition, BackoffLimitExceeded / DeadlineExceeded messages)';
const failedPod = (
  ns: string,
  name: string,
  owner: { kind: string; name: string; uid?: string },
  exitCode: number,
  o: Parameters<typeof pod>[2] = {},
) =>
  pod(ns, name, {
    phase: 'Failed',
    restartPolicy: 'Never',
    owner,
    containers: [container('main', 'ghcr.io/acme/batch:3.1')],
    conditions: notReadyConditions(['main'], 100).map((c) =>
      c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, reason: 'PodFailed', message: undefined } : c,
    ),
    statuses: [terminated('main', { reason: 'Error', exitCode, started: 130, finished: 125 }, { image: 'ghcr.io/acme/batch:3.1' })],
    created: 140,
    ...o,
  });

export const jobCases: CorpusCase[] = [
  (() => {
    const j = job('data', 'migrate-db', {
      backoffLimit: 2,
      failed: 3,
      failedCondition: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    });
    const p = failedPod('data', 'migrate-db-x7k2p', j.owner, 2);
    return {
      name: 'the last pod of a Job that gave up: the Job leads, its exit code 2 is why',
      source: JOB,
      documents: [list('get.json', p, j.job, node('worker-1'))],
      pod: 'data/migrate-db-x7k2p',
      expect: {
        primary: 'job.backoff-limit',
        chain: ['crash.app-error'],
        title: [/Job migrate-db gave up: backoffLimit \(2\) reached/, /exit code 2/],
        command: /replace --force/,
      },
    };
  })(),
  (() => {
    const j = job('reports', 'nightly-report-29012345', {
      backoffLimit: 1,
      failed: 2,
      cronJob: 'nightly-report',
      failedCondition: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    });
    const p = failedPod('reports', 'nightly-report-29012345-q2w3e', j.owner, 1);
    return {
      name: "a CronJob's run that gave up: the fix goes to the CronJob",
      source: `${JOB}; pkg/controller/cronjob/cronjob_controllerv2.go`,
      documents: [list('get.json', p, j.job, cronJob('reports', 'nightly-report'), node('worker-1'))],
      pod: 'reports/nightly-report-29012345-q2w3e',
      expect: {
        primary: 'job.backoff-limit',
        chain: ['crash.app-error'],
        command: /edit cronjob\/nightly-report/,
        says: [/CronJob nightly-report/],
      },
    };
  })(),
  (() => {
    const j = job('data', 'backfill', {
      deadline: 900,
      failed: 1,
      failedCondition: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
    });
    const p = failedPod('data', 'backfill-m4n5b', j.owner, 143);
    return {
      name: 'a Job past its activeDeadlineSeconds',
      source: JOB,
      documents: [list('get.json', p, j.job, node('worker-1'))],
      pod: 'data/backfill-m4n5b',
      expect: { primary: 'job.deadline', chain: ['crash.app-error'], title: [/activeDeadlineSeconds \(900s\)/] },
    };
  })(),
  (() => {
    const j = job('ml', 'train', {
      failed: 1,
      failedCondition: {
        type: 'FailureTarget',
        reason: 'PodFailurePolicy',
        message: 'Container main for pod ml/train-8h7g6 failed with exit code 42 matching FailJob rule at index 0',
      },
    });
    const p = failedPod('ml', 'train-8h7g6', j.owner, 42);
    return {
      name: 'a Job failed by its podFailurePolicy (FailureTarget, before Failed)',
      source: `${JOB}; pkg/controller/job/pod_failure_policy.go (matchPodFailurePolicy message)`,
      documents: [list('get.json', p, j.job, node('worker-1'))],
      pod: 'ml/train-8h7g6',
      expect: {
        primary: 'job.pod-failure-policy',
        chain: ['crash.app-error'],
        says: [/failed with exit code 42 matching FailJob rule at index 0/],
      },
    };
  })(),
  (() => {
    const j = job('ml', 'shards', {
      indexed: true,
      completions: 4,
      failed: 2,
      succeeded: 3,
      failedCondition: { reason: 'FailedIndexes', message: 'Job has failed indexes' },
    });
    const p = failedPod('ml', 'shards-2-k9j8h', j.owner, 1);
    return {
      name: 'an indexed Job whose index used up its backoffLimitPerIndex',
      source: JOB,
      documents: [list('get.json', p, j.job, node('worker-1'))],
      pod: 'ml/shards-2-k9j8h',
      expect: { primary: 'job.failed-indexes', chain: ['crash.app-error'] },
    };
  })(),
  (() => {
    const j = job('data', 'import', { backoffLimit: 6, active: 1 });
    const p = pod('data', 'import-z8x7c', {
      restartPolicy: 'OnFailure',
      owner: j.owner,
      containers: [container('main', 'ghcr.io/acme/batch:3.1')],
      conditions: notReadyConditions(['main']),
      statuses: [
        waiting('main', 'CrashLoopBackOff', `back-off 40s restarting failed container=main pod=import-z8x7c_data(${'0'.repeat(8)})`, {
          restarts: 3,
          last: { reason: 'Error', exitCode: 1, started: 50, finished: 35 },
        }),
      ],
    });
    return {
      name: 'a Job pod crash-looping under OnFailure, the Job not failed yet',
      source: 'pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff message)',
      documents: [list('get.json', p, j.job, node('worker-1'))],
      pod: 'data/import-z8x7c',
      expect: { primary: 'crash.app-error', container: 'main', never: ['job.backoff-limit'], says: [/waits 40s before the next restart/] },
    };
  })(),
];

const stuck = 'apiserver graceful deletion (metadata.deletionTimestamp, finalizers); pkg/kubelet/status/status_manager.go';
export const terminationCases: CorpusCase[] = [
  (() => {
    const p = pod('batch', 'exporter-29012345-v5b6n', {
      phase: 'Succeeded',
      restartPolicy: 'Never',
      owner: { kind: 'Job', name: 'exporter-29012345' },
      deletion: { at: 900 },
      finalizers: ['example.com/audit-hold'],
      statuses: [terminated('app', { reason: 'Completed', exitCode: 0, started: 1500, finished: 1000 })],
    });
    return {
      name: 'deletion stuck on a Completed pod: a finalizer holds it',
      source: stuck,
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'batch/exporter-29012345-v5b6n',
      expect: {
        primary: 'termination.stuck',
        title: [/held by finalizer example\.com\/audit-hold/, /15m/],
        says: [/containers have exited \(Succeeded\)/],
      },
    };
  })(),
  (() => {
    const p = pod('batch', 'loader-k1l2m', {
      phase: 'Failed',
      restartPolicy: 'Never',
      deletion: { at: 400 },
      finalizers: ['example.com/audit-hold'],
      statuses: [terminated('app', { reason: 'Error', exitCode: 1, started: 1500, finished: 1000 })],
    });
    return {
      name: 'deletion stuck on a pod that exited with an error: the finalizer leads, not the exit code',
      source: stuck,
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'batch/loader-k1l2m',
      expect: { primary: 'termination.stuck', title: [/held by finalizer/], never: ['crash.app-error'] },
    };
  })(),
  (() => {
    const msg =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const p = pod('shop', 'big-6f7a8b9c0d-n8m7b', {
      node: null,
      phase: 'Pending',
      owner: { kind: 'ReplicaSet', name: 'big-6f7a8b9c0d' },
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: ago(2000) as never },
      ],
      deletion: { at: 600 },
      finalizers: ['example.com/inventory'],
    });
    return {
      name: 'deletion stuck on a pod that was never scheduled: the deletion leads, not the scheduling',
      source: stuck,
      documents: [list('get.json', p, node('worker-1'))],
      pod: 'shop/big-6f7a8b9c0d-n8m7b',
      expect: { primary: 'termination.stuck', title: [/example\.com\/inventory/], never: ['scheduling.unschedulable'] },
    };
  })(),
  (() => {
    const p = pod('shop', 'web-7d9f8c6b5-t6y7u', {
      owner: { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' },
      deletion: { at: 300, grace: 30 },
      conditions: notReadyConditions(['app'], 330),
      statuses: [running('app', 3000, { ready: false })],
    });
    return {
      name: 'deletion stuck with no finalizer: the kubelet cannot stop the container',
      source: `${stuck}; pkg/kubelet/pod_workers.go (FailedKillPod)`,
      documents: [
        list(
          'get.json',
          p,
          event(
            p,
            'FailedKillPod',
            'error killing pod: failed to "KillPodSandbox" for "4b1e2c7a" with KillPodSandboxError: "rpc error: code = Unknown desc = failed to destroy network for sandbox \\"3f2a\\": plugin type=\\"calico\\" failed (delete): error getting ClusterInformation: connection is unauthorized: Unauthorized"',
            { count: 8, first: 300, last: 20 },
          ),
          node('worker-1'),
        ),
      ],
      pod: 'shop/web-7d9f8c6b5-t6y7u',
      expect: { primary: 'termination.stuck', says: [/kubelet has not confirmed the containers stopped/] },
    };
  })(),
  (() => {
    const p = pod('shop', 'web-7d9f8c6b5-g5h6j', {
      owner: { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' },
      deletion: { at: -20, grace: 30 },
      conditions: notReadyConditions(['app'], 10),
      statuses: [running('app', 3000, { ready: false })],
    });
    return {
      name: 'a pod inside its grace period is not stuck (no finding)',
      source: stuck,
      documents: [
        list(
          'get.json',
          p,
          event(p, 'Killing', 'Stopping container app', { type: 'Normal', container: 'app', first: 10, last: 10 }),
          node('worker-1'),
        ),
      ],
      pod: 'shop/web-7d9f8c6b5-g5h6j',
      expect: { primary: null },
    };
  })(),
];
