/**
 * The next steps after a synth (Helm's NOTES.txt): create the namespace and the Secrets the
 * manifest expects, apply, wait for the workloads, connect. Every fact comes from the synthesized
 * objects (the Secrets the pods mount, the Service's type and ports, the workloads) and the chart's
 * public members, never from the config: what is printed is what was rendered.
 */
import { MIN_PASSWORD_LENGTH, PASSWORD_CHARACTERS } from '../metastore/_mysql-checks';

/** What the notes are made of: the chart (`MilvusClusterChart`) and the manifests it synthesized. */
export interface NotesInput {
  /** The release name (its files are `<release>.data.k8s.yaml`, `<release>.k8s.yaml` and `<release>.NOTES.txt`). */
  readonly release: string;
  readonly chart: any;
  readonly manifests: any[];
}

interface Step { readonly title: string; readonly commands: string[] }

/**
 * The notes of one release. `applyCommands` apply the files it was written to (undefined: printed on stdout).
 * Each step is one function below, in the order an operator runs them.
 */
export function renderNotes(input: NotesInput, applyCommands: string[] | undefined): string {
  const facts = factsOf(input);
  const smokeTest = smokeTestSteps(input, applyCommands);
  const steps = facts.namespaceRendered
    ? [applyStep(applyCommands), ...secretSteps(facts, true), waitStep(facts), ...smokeTest, connectStep(facts)]
    : [namespaceStep(facts), ...secretSteps(facts, false), applyStep(applyCommands), waitStep(facts), ...smokeTest, connectStep(facts)];
  const lines = [`NOTES for release ${facts.release} (namespace ${facts.namespace}):`];
  steps.forEach((s, i) => lines.push('', `${i + 1}. ${s.title}`, ...s.commands.map(c => `     ${c}`)));
  return `${lines.join('\n')}\n`;
}

interface Facts {
  readonly release: string;
  readonly namespace: string;
  readonly namespaceRendered: boolean;
  /** Secrets the pods read and the manifest does not hold: name → keys, and whether the in-cluster MySQL takes them as new passwords. */
  readonly secrets: Array<{ name: string; keys: string[]; newPasswords: boolean }>;
  readonly deployments: string[];
  /** StatefulSets by their replica count (`kubectl wait` on readyReplicas needs it). */
  readonly statefulSets: Map<number, string[]>;
  readonly service: any;
  readonly endpointHost: string;
}

function factsOf({ release, chart, manifests }: NotesInput): Facts {
  const namespace: string = chart.namespace;
  const of = (kind: string) => manifests.filter(m => m.kind === kind);
  const rendered = new Set(of('Secret').map(s => s.metadata.name));
  const mysqlSecrets = new Set(of('StatefulSet').filter(s => s.metadata.name === chart.mysql?.statefulSet.name).flatMap(s => Object.keys(secretRefs(s))));
  const refs: Record<string, Set<string>> = {};
  for (const w of [...of('StatefulSet'), ...of('Deployment')]) { // MySQL's StatefulSet first: its keys in its order
    for (const [name, keys] of Object.entries(secretRefs(w))) {
      refs[name] ??= new Set();
      keys.forEach(k => refs[name].add(k));
    }
  }
  const statefulSets = new Map<number, string[]>();
  for (const s of of('StatefulSet')) {
    const replicas = s.spec.replicas ?? 1;
    statefulSets.set(replicas, [...statefulSets.get(replicas) ?? [], s.metadata.name]);
  }
  return {
    release,
    namespace,
    namespaceRendered: of('Namespace').some(n => n.metadata.name === namespace),
    secrets: Object.entries(refs).filter(([name]) => !rendered.has(name)).sort(([a], [b]) => a.localeCompare(b))
      .map(([name, keys]) => ({ name, keys: [...keys], newPasswords: mysqlSecrets.has(name) })),
    deployments: of('Deployment').map(d => d.metadata.name),
    statefulSets,
    service: of('Service').find(s => s.metadata.name === chart.cluster.mishards.serviceName),
    endpointHost: chart.cluster.endpointHost,
  };
}

/** The Secret keys a workload's pods read (volumes, projected volumes, env): name → keys. */
function secretRefs(workload: any): Record<string, string[]> {
  const spec = workload.spec?.template?.spec ?? {};
  const refs: Record<string, string[]> = {};
  const add = (name: string | undefined, keys: string[]) => {
    if (name) { refs[name] = [...refs[name] ?? [], ...keys]; }
  };
  for (const v of spec.volumes ?? []) {
    add(v.secret?.secretName, (v.secret?.items ?? []).map((i: any) => i.key));
    for (const source of v.projected?.sources ?? []) { add(source.secret?.name, (source.secret?.items ?? []).map((i: any) => i.key)); }
  }
  for (const c of [...spec.initContainers ?? [], ...spec.containers ?? []]) {
    for (const e of c.env ?? []) { add(e.valueFrom?.secretKeyRef?.name, [e.valueFrom?.secretKeyRef?.key]); }
    for (const e of c.envFrom ?? []) { add(e.secretRef?.name, []); }
  }
  return refs;
}

function namespaceStep(f: Facts): Step {
  return { title: 'Create the namespace (the manifest does not hold it; leave this out if it exists):', commands: [`kubectl create namespace ${f.namespace}`] };
}

function secretSteps(f: Facts, afterApply: boolean): Step[] {
  return f.secrets.map(s => ({
    title: `Create the Secret ${s.name} the pods read${s.newPasswords
      ? ` (MySQL takes these passwords when it first starts: ${MIN_PASSWORD_LENGTH}+ characters, ${PASSWORD_CHARACTERS.words})`
      : ' (the existing database\'s password)'}${afterApply ? '; the pods wait for it' : ''}:`,
    commands: [
      `kubectl -n ${f.namespace} create secret generic ${s.name}${s.keys.length ? ' \\' : ''}`,
      ...s.keys.map((k, i) => `  --from-literal=${k}=${s.newPasswords ? '"$(openssl rand -hex 16)"' : '\'<the password>\''}${i < s.keys.length - 1 ? ' \\' : ''}`),
    ],
  }));
}

function applyStep(commands: string[] | undefined): Step {
  return commands
    ? { title: 'Apply the data (claim, Secrets, Namespace) once, then the workloads as a kubectl ApplySet, which prunes what a later output no longer has:', commands }
    : {
      title: 'Apply the manifest (the YAML printed on stdout, its data part first; write the files with --out for upgrades that prune):',
      commands: ['kubectl apply -f <the file you saved it to>   # or pipe it: ... --stdout | kubectl apply -f -'],
    };
}

function waitStep(f: Facts): Step {
  const commands: string[] = [];
  if (f.deployments.length > 0) {
    commands.push(`kubectl -n ${f.namespace} wait --for=condition=Available --timeout=10m ${f.deployments.map(d => `deployment/${d}`).join(' ')}`);
  }
  for (const [replicas, names] of f.statefulSets) {
    commands.push(`kubectl -n ${f.namespace} wait --for=jsonpath='{.status.readyReplicas}'=${replicas} --timeout=10m ${names.map(s => `statefulset/${s}`).join(' ')}`);
  }
  return { title: 'Wait until every workload is ready (a pod stuck in Init names what it waits for: kubectl logs <pod> -c <init container>):', commands };
}

/**
 * The smoke test's Job (issue 14), when the release has one: wait for it and read its verdict.
 * `kubectl wait --for=condition=complete` never returns for a failed Job (it runs to its
 * timeout), so the step also prints the Job's condition (Complete or Failed) for a look at once.
 * To run it again: delete the Job and apply the workloads as before (the same spec keeps its name).
 */
function smokeTestSteps({ chart, manifests }: NotesInput, applyCommands: string[] | undefined): Step[] {
  const name: string | undefined = chart.cluster.smokeTest?.job.name;
  const job = manifests.find(m => m.kind === 'Job' && m.metadata.name === name);
  if (!job) { return []; }
  const ns = job.metadata.namespace;
  const reapply = applyCommands ? [applyCommands[applyCommands.length - 1]] : ['# then apply the manifest again as above'];
  return [{
    title: 'Check the smoke test (a collection created, searched and dropped through Mishards; a failed test names the step). The wait returns only when it passes; the second command shows a failure at once:',
    commands: [
      `kubectl -n ${ns} wait --for=condition=complete --timeout=${Math.ceil(job.spec.activeDeadlineSeconds / 60)}m job/${name}`,
      `kubectl -n ${ns} get job/${name} -o jsonpath='{.status.conditions[*].type}{"\\n"}'   # ends in Complete, or Failed; empty while it runs`,
      `kubectl -n ${ns} logs job/${name}   # SMOKE TEST PASSED, or SMOKE TEST FAILED: <step>`,
      `kubectl -n ${ns} delete job/${name}   # to run it again, then:`,
      ...reapply,
    ],
  }];
}

function connectStep(f: Facts): Step {
  const svc = f.service;
  const name = svc.metadata.name;
  const port = svc.spec.ports[0];
  const ns = f.namespace;
  switch (svc.spec.type) {
    case 'NodePort':
      return {
        title: `Connect clients to any node's address on the node port${port.nodePort ? ` ${port.nodePort}` : ''} (Service ${name}, NodePort):`,
        commands: [
          'kubectl get nodes -o wide   # a node\'s INTERNAL-IP or EXTERNAL-IP',
          ...(port.nodePort ? [] : [`kubectl -n ${ns} get service ${name} -o jsonpath='{.spec.ports[0].nodePort}'   # the port the cluster assigned`]),
          `# then: <node address>:${port.nodePort ?? '<node port>'}`,
        ],
      };
    case 'LoadBalancer':
      return {
        title: `Connect clients to the load balancer's address on port ${port.port} (Service ${name}, LoadBalancer; the address appears once the cloud has provisioned it):`,
        commands: [
          `kubectl -n ${ns} get service ${name} --watch   # EXTERNAL-IP`,
          `kubectl -n ${ns} get service ${name} -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'`,
          `# then: <that address>:${port.port}`,
        ],
      };
    default:
      return {
        title: `Connect (Service ${name}, ClusterIP: reachable inside the cluster only): from a pod, ${f.endpointHost}:${port.port}; from this machine:`,
        commands: [
          `kubectl -n ${ns} port-forward service/${name} ${port.port}:${port.port}`,
          `# then: localhost:${port.port}`,
        ],
      };
  }
}
