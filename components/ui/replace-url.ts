'use client';
// Filters and sort orders live in the URL. They change it through the browser's own history, not
// a router navigation: Next keeps useSearchParams in step with history.replaceState, and no server
// round trip and re-render of the page follows each change (measured on the pod list under churn:
// a sort change of 3,000 rows was a task of over 100 ms on the main thread; none over 50 ms after).
export function replaceUrl(href: string): void {
  window.history.replaceState(null, '', href);
}
