/**
 * `cdk8s-milvus diagram --config <file>`: a Mermaid flowchart of the release, drawn from the
 * synthesized objects only (the same `chart.toJson()` that `synth` writes), so it cannot disagree
 * with the YAML: workloads with their replicas, Services with their exposure and ports, claims,
 * volumes and StorageClasses, and one solid arrow with its ports for every connection the
 * NetworkPolicies allow (`_policy-graph.ts`).
 *
 * Loaded only by this command, never on the synth path.
 */
import { UsageError } from './_args';
import { releasesOf } from './_layers';
import { allowedConnections, Connection, PodGroup, selects } from './_policy-graph';
import type { CliIo, CommandArgs } from './_run';
import { readAndCheck, synthesize } from './_synth';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

/**
 * The command: the release of `-c FILE` (with its `-f` and `--set` layers, as `synth` reads them)
 * as a Mermaid flowchart on stdout; the same checks, errors (exit 2) and warnings as `synth`.
 */
export function diagramCommand(args: CommandArgs, io: CliIo): number {
  if (args.positionals.length > 0) { throw new UsageError(`diagram takes no ${JSON.stringify(args.positionals[0])}: give the config with -c FILE`); }
  const releases = releasesOf(args.flags);
  if (releases.length !== 1) { throw new UsageError(releases.length === 0 ? 'diagram needs -c FILE' : 'diagram draws one release: give one -c FILE'); }
  const { checked, errors } = readAndCheck(releases, io);
  const { done, warnings } = synthesize(checked, 'dist', errors);
  if (errors.length > 0) { io.stderr(errors.join('')); return 2; }
  if (warnings.length > 0) { io.stderr(warnings.join('')); }
  io.stdout(mermaidDiagram(done[0].notes.manifests));
  return 0;
}

/** Mermaid-safe node id. */
function nodeId(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

/** A quoted Mermaid label: `"` becomes an entity, lines are joined with `<br/>`. */
function label(...lines: string[]): string {
  return `"${lines.map(l => l.replace(/"/g, '#quot;')).join('<br/>')}"`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function podTemplate(o: any): any {
  return o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
}

function workloadLine(o: any): string {
  switch (o.kind) {
    case 'Deployment': case 'StatefulSet': return plural(o.spec?.replicas ?? 1, 'replica');
    case 'DaemonSet': return 'one pod per node';
    case 'Job': return `runs to completion${o.spec?.backoffLimit !== undefined ? `, ${plural(o.spec.backoffLimit, 'retry')}`.replace('retrys', 'retries') : ''}`;
    default: return `schedule ${o.spec?.schedule}`;
  }
}

function images(o: any): string {
  return (podTemplate(o)?.spec?.containers ?? []).map((c: any) => c.image).join(', ');
}

function servicePorts(s: any): string {
  const type = s.spec?.type ?? 'ClusterIP';
  const headless = s.spec?.clusterIP === 'None' ? ' (headless)' : '';
  const ports = (s.spec?.ports ?? []).map((p: any) => `${p.name ? `${p.name} ` : ''}${p.port}${p.nodePort ? ` → node port ${p.nodePort}` : ''}`);
  return `${type}${headless}: ${ports.join(', ')}`;
}

function accessModes(modes: string[] | undefined): string {
  const short: Record<string, string> = { ReadWriteMany: 'RWX', ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteOncePod: 'RWOP' };
  return (modes ?? []).map(m => short[m] ?? m).join(', ');
}

interface Graph { nodes: Map<string, string[]>; lines: string[] }

/** The flowchart for a release's objects (in any order: they are sorted by kind, namespace and name). */
export function mermaidDiagram(unordered: any[]): string {
  const sortKey = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const objects = [...unordered].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const g: Graph = { nodes: new Map(), lines: [] };
  const place = (namespace: string | undefined, line: string) => {
    const key = namespace ?? '';
    g.nodes.set(key, [...g.nodes.get(key) ?? [], line]);
  };
  const ofKind = (...kinds: string[]) => objects.filter(o => kinds.includes(o.kind));
  const idOf = (o: any) => nodeId(o.kind, o.metadata.namespace ?? '', o.metadata.name);

  const workloads = ofKind(...WORKLOAD_KINDS);
  const groups: PodGroup[] = workloads.map(o => ({
    id: idOf(o),
    namespace: o.metadata.namespace,
    labels: podTemplate(o)?.metadata?.labels ?? {},
    namedPorts: Object.fromEntries((podTemplate(o)?.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? [])
      .filter((p: any) => p.name).map((p: any) => [p.name, `${p.protocol ?? 'TCP'}/${p.containerPort}`]))),
  }));
  for (const o of workloads) {
    place(o.metadata.namespace, `${idOf(o)}[${label(`${o.kind} ${o.metadata.name}`, workloadLine(o), images(o))}]`);
  }

  for (const s of ofKind('Service')) {
    place(s.metadata.namespace, `${idOf(s)}([${label(`Service ${s.metadata.name}`, servicePorts(s))}])`);
    if (!s.spec?.selector) { continue; }
    const targets = groups.filter(w => w.namespace === s.metadata.namespace && selects({ matchLabels: s.spec.selector }, w.labels));
    const ports = (s.spec.ports ?? []).map((p: any) => `${p.port} → ${p.targetPort ?? p.port}`).join(', ');
    targets.forEach(t => g.lines.push(`  ${idOf(s)} ==>|${label(ports)}| ${t.id}`));
  }

  storage(objects, workloads, idOf, place, g);

  const policies = ofKind('NetworkPolicy');
  const { connections, outside } = allowedConnections(policies, groups);
  outside.forEach((o, i) => place(undefined, `Outside_${i}>${label(o.label)}]`));
  const outsideId = new Map(outside.map((o, i) => [o.key, `Outside_${i}`]));
  const ref = (key: string) => outsideId.get(key) ?? key;
  for (const c of mergeByNamespace(connections, groups, new Set(outsideId.keys()))) {
    g.lines.push(`  ${ref(c.from)} -->|${label(c.ports.map(p => p.replace('/', ' ')).join(', '))}| ${ref(c.to)}`);
  }

  const out = [
    'flowchart LR',
    `  %% Drawn by cdk8s-milvus diagram from the ${objects.length} synthesized objects (${policies.length} NetworkPolicies).`,
    '  %% Solid: connections the NetworkPolicies allow; thick: Service to pods; dotted: volumes and storage.',
    ...(policies.length === 0 ? ['  %% No NetworkPolicies: nothing restricts the connections, so none is drawn.'] : []),
  ];
  for (const [ns, lines] of [...g.nodes].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    if (ns === '') {
      out.push(...lines.map(l => `  ${l}`));
    } else {
      out.push(`  subgraph ${nodeId('ns', ns)}[${label(`namespace ${ns}`)}]`, ...lines.map(l => `    ${l}`), '  end');
    }
  }
  out.push(...g.lines);
  return `${out.join('\n')}\n`;
}

/** Claims (standalone and per StatefulSet pod), the volumes they bind, their StorageClasses and who provisions them. */
function storage(objects: any[], workloads: any[], idOf: (o: any) => string, place: (ns: string | undefined, line: string) => void, g: Graph) {
  const claimIds = new Map<string, string>();
  const classes = new Map<string, string>(objects.filter(o => o.kind === 'StorageClass').map(sc => [sc.metadata.name, idOf(sc)]));
  const claimLine = (id: string, name: string, spec: any, namespace: string) => {
    const size = spec?.resources?.requests?.storage ?? '';
    place(namespace, `${id}[(${label(`PVC ${name}`, `${size} ${accessModes(spec?.accessModes)}`.trim(), spec?.storageClassName !== undefined ? `class ${spec.storageClassName || '(none)'}` : 'default class')})]`);
    const cls = spec?.storageClassName;
    if (cls) {
      if (!classes.has(cls)) {
        classes.set(cls, nodeId('StorageClass', cls));
        place(undefined, `${classes.get(cls)}{{${label(`StorageClass ${cls}`, 'not in this output (must exist)')}}}`);
      }
      g.lines.push(`  ${id} -.-> ${classes.get(cls)}`);
    }
    if (spec?.volumeName) { g.lines.push(`  ${id} -.-> ${nodeId('PersistentVolume', '', spec.volumeName)}`); }
  };
  for (const sc of objects.filter(o => o.kind === 'StorageClass')) {
    const isDefault = sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ? ' (default)' : '';
    place(undefined, `${idOf(sc)}{{${label(`StorageClass ${sc.metadata.name}${isDefault}`, sc.provisioner, `reclaim ${sc.reclaimPolicy ?? 'Delete'}`)}}}`);
  }
  for (const pv of objects.filter(o => o.kind === 'PersistentVolume')) {
    const nfs = pv.spec?.nfs ? `NFS ${pv.spec.nfs.server}:${pv.spec.nfs.path}` : Object.keys(pv.spec ?? {}).find(k => !['capacity', 'accessModes', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'claimRef', 'volumeMode'].includes(k)) ?? '';
    place(undefined, `${idOf(pv)}[(${label(`PV ${pv.metadata.name}`, nfs, `reclaim ${pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain'}`)})]`);
  }
  for (const pvc of objects.filter(o => o.kind === 'PersistentVolumeClaim')) {
    const id = idOf(pvc);
    claimIds.set(`${pvc.metadata.namespace}/${pvc.metadata.name}`, id);
    claimLine(id, pvc.metadata.name, pvc.spec, pvc.metadata.namespace);
  }
  for (const w of workloads) {
    const ns = w.metadata.namespace;
    for (const v of podTemplate(w)?.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim === undefined) { continue; }
      let id = claimIds.get(`${ns}/${claim}`);
      if (!id) {
        id = nodeId('PersistentVolumeClaim', ns, claim);
        claimIds.set(`${ns}/${claim}`, id);
        place(ns, `${id}[(${label(`PVC ${claim}`, 'not in this output (must exist)')})]`);
      }
      g.lines.push(`  ${idOf(w)} -.->|${label(`volume ${v.name}`)}| ${id}`);
    }
    if (w.kind === 'StatefulSet') {
      for (const t of w.spec?.volumeClaimTemplates ?? []) {
        for (let i = 0; i < (w.spec.replicas ?? 1); i++) {
          const name = `${t.metadata.name}-${w.metadata.name}-${i}`;
          const id = nodeId('PersistentVolumeClaim', ns, name);
          claimLine(id, name, t.spec, ns);
          g.lines.push(`  ${idOf(w)} -.->|${label(`claim template ${t.metadata.name}`)}| ${id}`);
        }
      }
    }
    // A provisioner names the StorageClass's `provisioner` in its environment (PROVISIONER_NAME).
    for (const c of podTemplate(w)?.spec?.containers ?? []) {
      for (const e of c.env ?? []) {
        const sc = objects.find(o => o.kind === 'StorageClass' && o.provisioner === e.value && e.name === 'PROVISIONER_NAME');
        if (sc) { g.lines.push(`  ${idOf(w)} -.->|${label('provisions volumes of')}| ${idOf(sc)}`); }
      }
    }
  }
}

/** One arrow from the namespace instead of one per workload, when every workload there has the same connection to an outside peer. */
function mergeByNamespace(connections: Connection[], groups: PodGroup[], outside: Set<string>): Connection[] {
  const out: Connection[] = [];
  const done = new Set<Connection>();
  for (const c of connections) {
    if (done.has(c) || !outside.has(c.to)) { continue; }
    const ns = groups.find(g => g.id === c.from)?.namespace;
    const members = groups.filter(g => g.namespace === ns);
    const same = connections.filter(x => x.to === c.to && x.ports.join() === c.ports.join() && members.some(m => m.id === x.from));
    if (ns !== undefined && members.length > 1 && same.length === members.length) {
      same.forEach(x => done.add(x));
      out.push({ from: nodeId('ns', ns), to: c.to, ports: c.ports });
    }
  }
  return [...out, ...connections.filter(c => !done.has(c))];
}
