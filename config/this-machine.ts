/**
 * Whether a Docker host is this machine: a unix socket here, or TCP on a loopback address. Only then can a
 * check made here (a port bound, a file looked at) speak for what the engine will see.
 */
export function dockerHostIsThisMachine(dockerHost: string): boolean {
  return dockerHost.startsWith("unix://") || /^tcp:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(dockerHost);
}
