// "The events of this pod": an event names the object it is about by kind, name and (usually)
// uid. A pod that had the same name before (a StatefulSet's web-0) is another pod, so when both
// the pod's uid and the event's are known they must agree.

/** Does an event about `involvedUid` belong to the pod with `podUid`? (unknown uids match) */
export function belongsToPod(involvedUid: string | undefined, podUid: string | undefined): boolean {
  return !podUid || !involvedUid || involvedUid === podUid;
}

/** Is this core/v1 Event about the pod named `name` (and `uid`, when known)? */
export function isEventOfPod(e: { involvedObject?: { kind?: string; name?: string; uid?: string } }, name: string, uid?: string): boolean {
  const inv = e.involvedObject;
  return !!inv && (inv.kind === undefined || inv.kind === 'Pod') && inv.name === name && belongsToPod(inv.uid, uid);
}
