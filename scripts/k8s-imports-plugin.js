'use strict';
/*
 * esbuild plugin for the CLI bundle (issue 7): the library uses only the generated L1 API of
 * cdk8s-plus-28 (`k8s.KubeService`, `k8s.Quantity`, ...), never its L2 constructs, but
 * `require('cdk8s-plus-28')` loads all of them, and `lib/imports/k8s.js` (2.6 MB, ~140 classes
 * and ~440 `toJson_*` functions) is CommonJS, which esbuild cannot tree-shake.
 *
 * 1. `require('cdk8s-plus-28')` from the library's own files resolves to a small virtual module
 *    `{ k8s: { <the names the library uses> } }`. The names are read from the compiled library
 *    (every `<import>.k8s.<Name>`); any other use of the import fails the build, so a new kind of
 *    use cannot silently get `undefined`.
 * 2. `k8s.js` is rewritten to an ES module, statement by statement (parsed with acorn): each class
 *    with its static assignments (`X.GVK = ...`, the jsii type info `X[_n] = ...`) becomes
 *    `export const X = /* @__PURE__ *\/ (() => { ... return X; })()`, each function is exported
 *    as is, `exports.*` bookkeeping is dropped. esbuild then keeps only what the names in (1)
 *    reach. Any statement of a shape not listed here fails the build: a cdk8s-plus-28 upgrade that
 *    changes the generated code is caught at build time, never at run time.
 *
 * The library's own JavaScript (`lib/**`) is untouched: this only changes what the CLI bundle holds.
 */
const fs = require('fs');
const path = require('path');
const acorn = require('acorn');

const NAMESPACE = 'cdk8s-milvus-k8s-only';

/** The `k8s.<Name>` members the compiled library uses, from its `require("cdk8s-plus-28")` bindings. */
function usedK8sNames(libDir) {
  const names = new Set();
  for (const file of jsFiles(libDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const bindings = [...text.matchAll(/\b(?:const|var|let) ([\w$]+) = require\("cdk8s-plus-28"\);/g)].map((m) => m[1]);
    const requires = text.match(/\brequire\(["']cdk8s-plus-28["']\)/g) || [];
    if (requires.length !== bindings.length) {
      throw new Error(`${file}: requires cdk8s-plus-28 other than as \`const x = require("cdk8s-plus-28");\``);
    }
    for (const b of bindings) {
      const uses = text.split(new RegExp(`\\b${b.replace(/\$/g, '\\$')}\\b`)).length - 2; // minus the declaration
      const members = [...text.matchAll(new RegExp(`\\b${b.replace(/\$/g, '\\$')}\\.k8s\\.([A-Za-z_$][\\w$]*)`, 'g'))];
      if (members.length !== uses) {
        throw new Error(`${file}: uses ${b} other than as ${b}.k8s.<Name> (${uses} uses, ${members.length} of that form)`);
      }
      for (const m of members) names.add(m[1]);
    }
  }
  return [...names].sort();
}

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return e.name.endsWith('.js') && !e.name.includes('.bundle.') ? [p] : [];
  });
}

/** `k8s.js` (TypeScript's CommonJS output) as a tree-shakeable ES module. */
function k8sAsEsm(source, file) {
  const ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const text = (node) => source.slice(node.start, node.end);
  const out = []; // the ES module, statement by statement
  const exported = new Set(); // what the CommonJS version exports
  let group; // a class or enum being collected with the statements that complete it: { name, parts }
  const flush = () => {
    if (group) out.push(`export const ${group.name} = /* @__PURE__ */ (() => {\n${group.parts.join('\n')}\nreturn ${group.name};\n})();`);
    group = undefined;
  };
  const start = (name, st) => {
    flush();
    group = { name, parts: [text(st)] };
  };

  // Every statement shape TypeScript emits in this file; anything else fails the build.
  const shapes = [
    [(st) => st.directive === 'use strict', () => {}],
    [isEsModuleMarker, () => {}],
    [isExportsVoid0, () => {}],
    [isTemporaries, (st) => out.push(text(st))],
    [(st) => initOf(st, text) === 'require("cdk8s")', (st) => { flush(); out.push(`import * as ${st.declarations[0].id.name} from "cdk8s";`); }],
    [(st) => initOf(st, text) === 'Symbol.for("jsii.rtti")', (st) => { flush(); out.push(text(st)); }],
    [(st) => st.type === 'ClassDeclaration', (st) => start(st.id.name, st)],
    [(st) => st.type === 'FunctionDeclaration', (st) => { flush(); out.push(`export ${text(st)}`); }],
    [isExportOfSameName, (st) => exported.add(st.expression.right.name)],
    [(st) => group && isStaticData(st, group.name, text), (st) => group.parts.push(text(st))],
    [isBareVar, (st) => start(st.declarations[0].id.name, st)],
    [(st) => group && isEnumBody(st, group.name, text), (st) => {
      exported.add(group.name);
      group.parts.push(text(st).replace(enumTail(group.name), `${group.name} = {}`));
    }],
  ];
  for (const st of ast.body) {
    const shape = shapes.find(([matches]) => matches(st));
    if (!shape) {
      throw new Error(`${file}: line ${source.slice(0, st.start).split('\n').length}: statement of an unknown shape: ${text(st).slice(0, 120)}`);
    }
    shape[1](st);
  }
  flush();

  const esm = out.join('\n');
  const declared = new Set(out.map((st) => /^export (?:const|function) ([\w$]+)/.exec(st)?.[1]).filter(Boolean));
  for (const name of exported) if (!declared.has(name)) throw new Error(`${file}: export ${name} not found`);
  const leftover = commonJsIdentifiers(esm);
  if (leftover.length > 0) throw new Error(`${file}: CommonJS left in the ES module version: ${leftover.join(', ')}`);
  return esm;
}

/** Object.defineProperty(exports, "__esModule", { value: true }); */
function isEsModuleMarker(st) {
  const call = st.type === 'ExpressionStatement' ? st.expression : undefined;
  return call?.type === 'CallExpression' && call.callee.type === 'MemberExpression'
    && call.callee.object.name === 'Object' && call.callee.property.name === 'defineProperty'
    && call.arguments[0]?.name === 'exports' && call.arguments[1]?.value === '__esModule';
}

/** exports.A = exports.B = ... = void 0; */
function isExportsVoid0(st) {
  let e = st.type === 'ExpressionStatement' ? st.expression : undefined;
  if (e?.type !== 'AssignmentExpression') return false;
  while (e.type === 'AssignmentExpression' && isMember(e.left, 'exports')) e = e.right;
  return e.type === 'UnaryExpression' && e.operator === 'void' && e.argument.type === 'Literal' && e.argument.value === 0;
}

/** var _a, _b, ...; (TypeScript's temporaries for the jsii type-info keys) */
function isTemporaries(st) {
  return st.type === 'VariableDeclaration' && st.declarations.every((d) => d.init === null && /^_[\w$]*$/.test(d.id.name));
}

/** The source of the call in `const x = <call>;`, else undefined. */
function initOf(st, text) {
  const d = st.type === 'VariableDeclaration' && st.declarations.length === 1 ? st.declarations[0] : undefined;
  return d?.init?.type === 'CallExpression' ? text(d.init) : undefined;
}

/** exports.X = X; */
function isExportOfSameName(st) {
  const e = st.type === 'ExpressionStatement' ? st.expression : undefined;
  return e?.type === 'AssignmentExpression' && isMember(e.left, 'exports')
    && e.right.type === 'Identifier' && e.right.name === e.left.property.name;
}

/** _n = JSII_RTTI_SYMBOL_1;  X[_n] = { fqn: "...", version: "..." };  X.GVK = { apiVersion: "...", kind: "..." }; */
function isStaticData(st, name, text) {
  const e = st.type === 'ExpressionStatement' ? st.expression : undefined;
  if (e?.type !== 'AssignmentExpression' || e.operator !== '=') return false;
  if (e.left.type === 'Identifier') return /^_[\w$]*$/.test(e.left.name) && text(e.right) === 'JSII_RTTI_SYMBOL_1';
  const literalObject = e.right.type === 'ObjectExpression'
    && e.right.properties.every((p) => p.type === 'Property' && !p.computed && p.value.type === 'Literal');
  return e.left.type === 'MemberExpression' && e.left.object.type === 'Identifier' && e.left.object.name === name && literalObject;
}

/** var E; (a TypeScript enum's declaration) */
function isBareVar(st) {
  return st.type === 'VariableDeclaration' && st.declarations.length === 1 && st.declarations[0].init === null;
}

function enumTail(name) {
  return `${name} = exports.${name} || (exports.${name} = {})`;
}

/** (function (E) { E["K"] = "v"; ... })(E = exports.E || (exports.E = {})); */
function isEnumBody(st, name, text) {
  const call = st.type === 'ExpressionStatement' ? st.expression : undefined;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'FunctionExpression') return false;
  const members = call.callee.body.body.every((m) => m.type === 'ExpressionStatement' && m.expression.type === 'AssignmentExpression'
    && m.expression.left.type === 'MemberExpression' && m.expression.right.type === 'Literal');
  return members && call.arguments.length === 1 && text(call.arguments[0]) === enumTail(name);
}

function isMember(node, objectName) {
  return node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.object.name === objectName;
}

/** References to `exports`, `module` or `require` in an ES module (names of properties and keys do not count). */
function commonJsIdentifiers(esm) {
  const found = new Set();
  const visit = (node, parent, key) => {
    if (node.type === 'Identifier' && ['exports', 'module', 'require'].includes(node.name)) {
      const propertyName = (parent?.type === 'MemberExpression' && key === 'property' && !parent.computed)
        || (parent?.type === 'Property' && key === 'key' && !parent.computed)
        || (parent?.type === 'MethodDefinition' && key === 'key');
      if (!propertyName) found.add(node.name);
    }
    for (const [k, v] of Object.entries(node)) {
      for (const child of Array.isArray(v) ? v : [v]) {
        if (child && typeof child.type === 'string') visit(child, node, k);
      }
    }
  };
  visit(acorn.parse(esm, { ecmaVersion: 'latest', sourceType: 'module' }), undefined, undefined);
  return [...found];
}

/** The plugin. `libDir`: the compiled library, whose `require("cdk8s-plus-28")` calls are redirected. */
function k8sImportsOnly(libDir) {
  return {
    name: 'k8s-imports-only',
    setup(build) {
      const names = usedK8sNames(libDir);
      if (names.length === 0) throw new Error(`no k8s.<Name> use found under ${libDir}`);
      const k8sFile = require.resolve('cdk8s-plus-28/lib/imports/k8s.js', { paths: [libDir] });
      build.onResolve({ filter: /^cdk8s-plus-28$/ }, (args) => {
        if (!path.resolve(args.importer).startsWith(path.resolve(libDir) + path.sep)) return undefined;
        return { path: 'k8s', namespace: NAMESPACE };
      });
      build.onLoad({ filter: /^k8s$/, namespace: NAMESPACE }, () => ({
        contents: `import { ${names.join(', ')} } from ${JSON.stringify(k8sFile)};\nexport const k8s = { ${names.join(', ')} };\n`,
        loader: 'js',
        resolveDir: path.dirname(k8sFile),
      }));
      build.onLoad({ filter: /[\\/]cdk8s-plus-28[\\/]lib[\\/]imports[\\/]k8s\.js$/ }, (args) => ({
        contents: k8sAsEsm(fs.readFileSync(args.path, 'utf8'), args.path),
        loader: 'js',
      }));
    },
  };
}

module.exports = { k8sImportsOnly, usedK8sNames, k8sAsEsm };
