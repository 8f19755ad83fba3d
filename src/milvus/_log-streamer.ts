/**
 * The `log` container of a Milvus node that writes log files (always on 0.10, on 1.1 with
 * `logToFile`): a streaming sidecar (kubernetes.io/docs/concepts/cluster-administration/
 * logging/#streaming-sidecar-container) in the init image's busybox `sh`.
 *
 * - It prints the current run's files to its standard output when the server does not log
 *   there itself (0.10 fixes `ToStandardOutput` to false, core/src/utils/LogUtil.cpp), so
 *   `kubectl logs` shows the server log.
 * - It deletes the files of earlier runs of the server container. The log volume outlives a
 *   container restart and every run starts new files (`milvus-<start time>-<level>.log`), so
 *   without this each restart would add a full rotation to the volume; those runs' lines were
 *   already streamed.
 *
 * File names sort by start time (`%y-%M-%d-%H:%m`), so the newest run is the last name.
 */
import { k8s } from 'cdk8s-plus-28';
import { LOGS_PATH } from './_log-settings';
import { PartContainer } from '../common/_pod-skeleton';
import { PodIdentity } from '../common/_security';

export const LOG_CONTAINER = 'log';
/** A memory-backed emptyDir for the heartbeat the liveness probe reads. */
export const LOG_STATE_VOLUME = 'log-state';
const STATE_DIR = '/run/milvus-log';
const HEARTBEAT = `${STATE_DIR}/alive`;
/** Seconds between two looks at the log directory. */
const INTERVAL_SECONDS = 5;

export interface LogStreamerOptions {
  /** The file name suffixes to stream (`info`, `warning`, ...); empty when the server logs to stdout itself. */
  readonly stream: string[];
  /** The image (needs busybox `sh`, `ls`, `sort`, `tail -F`, `stat`). */
  readonly image: string;
  readonly resources: k8s.ResourceRequirements;
  /** Who it runs as (it only reads the files and unlinks them in the emptyDir). */
  readonly identity: PodIdentity;
  /** The log volume's name. */
  readonly logsVolume: string;
}

/** The streaming and pruning loop. Names come from a fixed list; nothing user-given reaches the shell. */
export function logStreamerScript(stream: string[]): string {
  const files = stream.map(level => `"$run-${level}.log"`).join(' ');
  const follow = stream.length === 0 ? '' : `    [ -z "$pid" ] || kill "$pid" 2>/dev/null
    tail -q -n +1 -F ${files} &
    pid=$!
`;
  return `set -u
cd ${LOGS_PATH}
run=''
pid=''
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; exit 0' TERM INT
while :; do
  newest="$(ls -1 milvus-*.log 2>/dev/null | sort | tail -n 1)"
  if [ -n "$newest" ] && [ "\${newest%-*}" != "$run" ]; then
    run="\${newest%-*}"
    for f in milvus-*; do
      case "$f" in
        "$run"-*) ;;
        *) [ ! -f "$f" ] || { rm -f -- "$f"; echo "log: removed $f of an earlier run" >&2; } ;;
      esac
    done
${follow}  fi
  : > ${HEARTBEAT}
  sleep ${INTERVAL_SECONDS} & wait $!
done
`;
}

export function logStreamerContainer(o: LogStreamerOptions): PartContainer {
  return {
    name: LOG_CONTAINER,
    image: o.image,
    command: ['sh', '-c', logStreamerScript(o.stream)],
    // Ready once it can see the log directory; alive while the loop still beats.
    readinessProbe: { exec: { command: ['test', '-d', LOGS_PATH] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    livenessProbe: {
      exec: { command: ['sh', '-c', `test $(( $(date +%s) - $(stat -c %Y ${HEARTBEAT}) )) -lt 60`] },
      initialDelaySeconds: 30,
      periodSeconds: 20,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
    resources: o.resources,
    identity: o.identity,
    volumeMounts: [
      { name: o.logsVolume, mountPath: LOGS_PATH },
      { name: LOG_STATE_VOLUME, mountPath: STATE_DIR },
    ],
  };
}

/** The heartbeat's volume. */
export const LOG_STATE_VOLUME_SPEC: k8s.Volume = { name: LOG_STATE_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } };
