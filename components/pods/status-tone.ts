// Colour for a STATUS string: the same word kubectl prints, with a hint of how bad it is.
export function statusTone(status: string): string {
  if (status === 'Running' || status === 'Completed' || status === 'Succeeded') return 'text-emerald-700';
  if (/BackOff|Err|Error|OOM|Failed|Evicted|Unknown|NodeLost|Signal|ExitCode|ContainerCannotRun|StartError|InvalidImageName/.test(status))
    return 'text-red-700 font-semibold';
  if (
    status === 'Terminating' ||
    status === 'Pending' ||
    status.startsWith('Init:') ||
    status === 'ContainerCreating' ||
    status === 'PodInitializing' ||
    status === 'SchedulingGated' ||
    status === 'NotReady'
  )
    return 'text-amber-700';
  return 'text-slate-700';
}
