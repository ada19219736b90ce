// Numbers the kubelet itself uses, which Podscope's reading of a pod has to agree with.

/**
 * A container's crash-loop back-off starts again from 10 s once it has run this long without a
 * crash (kubelet.go: the back-off entry expires after a flat 600 s). A container that last died
 * within this window is still in its crash loop, even while it runs between crashes.
 */
export const CRASHLOOP_RESET_MS = 600_000;
