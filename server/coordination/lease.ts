import 'server-only';
// Leader election through a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it:
// a candidate takes the Lease when no one holds it or its holder has not renewed it for
// leaseDurationSeconds; the holder renews it every RENEW_MS; every write is an update at the
// resourceVersion just read, so of two candidates racing for it the API server lets one win
// (the other gets 409 Conflict and stays a follower). A leader that cannot renew before its lease
// runs out stops leading by itself (so two never lead at once for longer than a clock's skew),
// and one that stops on purpose gives the Lease up, so a successor takes over at once.
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { log } from '../log';

export interface LeaseOptions {
  namespace: string;
  name: string;
  /** this candidate's name in the Lease (holderIdentity) */
  identity: string;
  /** how long a holder that stopped renewing keeps it (default 10 s) */
  durationSeconds?: number;
  /** how often the holder renews and a follower tries (default 2 s) */
  retryMs?: number;
}

/** Lease times are MicroTime: RFC 3339 with exactly six fractional digits. */
const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const timeOf = (t: unknown) => (t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN);
const statusOf = (err: unknown) => (err as { code?: number }).code;

export class LeaseElector {
  private readonly api: CoordinationV1Api;
  private readonly durationS: number;
  private readonly retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  /** when our last successful renewal was (ms): past it plus the duration, we may not lead */
  private renewedAt = 0;
  private stopped = true;
  private readonly listeners: ((leading: boolean) => void)[] = [];

  constructor(
    kc: KubeConfig,
    private readonly opts: LeaseOptions,
  ) {
    this.api = kc.makeApiClient(CoordinationV1Api);
    this.durationS = opts.durationSeconds ?? 10;
    this.retryMs = opts.retryMs ?? 2000;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Called with true when this candidate starts leading, false when it stops. */
  onChange(cb: (leading: boolean) => void): void {
    this.listeners.push(cb);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  /** Stops trying; a leader gives the Lease up (its successor need not wait out the duration). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.set(false);
    try {
      const lease = await this.api.readNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace });
      if (lease.spec?.holderIdentity !== this.opts.identity) return;
      lease.spec = { ...lease.spec, holderIdentity: undefined, renewTime: microTime(Date.now() - this.durationS * 1000) as never };
      await this.api.replaceNamespacedLease({ name: this.opts.name, namespace: this.opts.namespace, body: lease });
    } catch (err) {
      log.warn('could not give the lease up', { lease: this.opts.name, reason: (err as Error).message });
    }
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    log.info(leading ? 'leading' : 'no longer leading', {
      lease: `${this.opts.namespace}/${this.opts.name}`,
      identity: this.opts.identity,
    });
    for (const cb of this.listeners) cb(leading);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      this.renewedAt = (await this.tryAcquireOrRenew()) ? Date.now() : this.renewedAt;
    } catch (err) {
      log.debug('lease attempt failed', { lease: this.opts.name, reason: (err as Error).message });
    }
    // a leader that could not renew in time lets go before anyone may take it over
    if (this.leading && Date.now() - this.renewedAt > this.durationS * 1000 - this.retryMs) this.set(false);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.retryMs);
    this.timer.unref?.();
  }

  /** One round: true when this candidate holds the Lease after it. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { name, namespace, identity } = this.opts;
    const now = Date.now();
    const spec = { holderIdentity: identity, leaseDurationSeconds: this.durationS, renewTime: microTime(now) as never };
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
      try {
        await this.api.createNamespacedLease({
          namespace,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: { ...spec, acquireTime: spec.renewTime, leaseTransitions: 0 },
          },
        });
      } catch (e) {
        if (statusOf(e) === 409) return false; // another candidate created it first
        throw e;
      }
      this.set(true);
      return true;
    }
    const held = lease.spec?.holderIdentity;
    const renewed = timeOf(lease.spec?.renewTime);
    const duration = (lease.spec?.leaseDurationSeconds ?? this.durationS) * 1000;
    const mine = held === identity;
    if (!mine && held && Number.isFinite(renewed) && now < renewed + duration) {
      this.set(false);
      return false;
    }
    lease.spec = {
      ...lease.spec,
      ...spec,
      ...(mine ? {} : { acquireTime: spec.renewTime, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 }),
    };
    try {
      await this.api.replaceNamespacedLease({ name, namespace, body: lease });
    } catch (e) {
      if (statusOf(e) === 409) {
        this.set(false);
        return false;
      }
      throw e;
    }
    this.set(true);
    return true;
  }
}
