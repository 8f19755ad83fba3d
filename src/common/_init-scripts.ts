/**
 * Init containers that wait for a dependency (MySQL, the writable node, the shared volume's
 * marker) all use one POSIX `sh` loop: retry every 2 s, give up after a deadline. Giving up
 * makes the kubelet restart the init container with back-off, so a stuck start shows up in
 * `kubectl get pods` and the logs say what was missing, instead of an init container that
 * waits silently forever.
 */

/** How long one init container waits for all its dependencies. */
export const WAIT_TIMEOUT_SECONDS = 600;

export interface WaitStep {
  /** What is awaited, for the log lines, e.g. `MySQL at my-release-mysql:3306`. */
  readonly what: string;
  /** A shell condition that succeeds once it is there. Built from validated names only. */
  readonly until: string;
}

/** `nc -z` (busybox) against a validated host and port. */
export function tcpOpen(host: string, port: number | string): string {
  return `nc -z -w 2 ${host} ${port}`;
}

/** The wait loop of the init container `name`, for every step in order, under one deadline. */
export function waitScript(name: string, steps: WaitStep[]): string {
  const loops = steps.map(step => `until ${step.until}; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "${name}: gave up after ${WAIT_TIMEOUT_SECONDS} s waiting for ${step.what}" >&2
    exit 1
  fi
  echo "${name}: waiting for ${step.what}"
  sleep 2
done
echo "${name}: ${step.what} is ready"
`);
  return `set -eu\ndeadline=$(( $(date +%s) + ${WAIT_TIMEOUT_SECONDS} ))\n${loops.join('')}`;
}
