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
  const fail = (node, why) => {
    throw new Error(`${file}: line ${source.slice(0, node.start).split('\n').length}: ${why}: ${text(node).slice(0, 120)}`);
  };
  const out = [];
  const exported = new Set();
  let cls; // the class being collected: { name, parts }
  const flush = () => {
    if (!cls) return;
    out.push(`export const ${cls.name} = /* @__PURE__ */ (() => {\n${cls.parts.join('\n')}\nreturn ${cls.name};\n})();`);
    cls = undefined;
  };
  for (const st of ast.body) {
    const expr = st.type === 'ExpressionStatement' ? st.expression : undefined;
    if (expr?.type === 'Literal' && st.directive === 'use strict') continue;
    if (st.type === 'VariableDeclaration' && st.declarations.every((d) => d.init === null && /^_[\w$]*$/.test(d.id.name))) {
      out.push(text(st)); // `var _a, _b, ...`: TypeScript's temporaries for the jsii type info keys
      continue;
    }
    if (st.type === 'VariableDeclaration' && st.declarations.length === 1 && st.declarations[0].init?.type === 'CallExpression') {
      const d = st.declarations[0];
      const call = text(d.init);
      if (call === 'require("cdk8s")') { flush(); out.push(`import * as ${d.id.name} from "cdk8s";`); continue; }
      if (call === 'Symbol.for("jsii.rtti")') { flush(); out.push(text(st)); continue; }
    }
    if (st.type === 'ClassDeclaration') {
      flush();
      cls = { name: st.id.name, parts: [text(st)] };
      continue;
    }
    if (st.type === 'FunctionDeclaration') {
      flush();
      out.push(`export ${text(st)}`);
      continue;
    }
    if (expr?.type === 'CallExpression' && isDefineEsModule(expr)) continue;
    if (expr?.type === 'AssignmentExpression' && isExportsVoid0(expr)) continue;
    if (expr?.type === 'AssignmentExpression' && isMember(expr.left, 'exports')) {
      // exports.X = X; (after X's declaration)
      if (expr.right.type !== 'Identifier' || expr.right.name !== expr.left.property.name) fail(st, 'unexpected export');
      exported.add(expr.right.name);
      continue;
    }
    if (cls && expr?.type === 'AssignmentExpression') {
      // _n = JSII_RTTI_SYMBOL_1;  X[_n] = { fqn, version };  X.GVK = { apiVersion, kind };
      const target = expr.left.type === 'MemberExpression' ? expr.left.object : expr.left;
      const ok = (target.type === 'Identifier' && target.name === cls.name)
        || (expr.left.type === 'Identifier' && /^_[\w$]*$/.test(expr.left.name) && text(expr.right) === 'JSII_RTTI_SYMBOL_1');
      if (!ok) fail(st, `unexpected statement after class ${cls.name}`);
      cls.parts.push(text(st));
      continue;
    }
    if (st.type === 'VariableDeclaration' && st.declarations.length === 1 && st.declarations[0].init === null) {
      // TypeScript enum: `var E;` followed by `(function (E) {...})(E = exports.E || (exports.E = {}));`
      flush();
      const name = st.declarations[0].id.name;
      cls = { name, parts: [text(st)] };
      continue;
    }
    if (cls && expr?.type === 'CallExpression' && expr.callee.type === 'FunctionExpression') {
      const tail = `${cls.name} = exports.${cls.name} || (exports.${cls.name} = {})`;
      if (expr.arguments.length !== 1 || text(expr.arguments[0]) !== tail) fail(st, 'unexpected enum shape');
      exported.add(cls.name);
      cls.parts.push(text(st).replace(tail, `${cls.name} = {}`));
      continue;
    }
    fail(st, 'statement of an unknown shape');
  }
  flush();
  const declared = new Set(out.map((s) => /^export (?:const|function) ([\w$]+)/.exec(s)?.[1]).filter(Boolean));
  for (const name of exported) if (!declared.has(name)) throw new Error(`${file}: export ${name} not found`);
  const esm = out.join('\n');
  if (/\b(?:exports|module|require)\b/.test(esm.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) {
    throw new Error(`${file}: CommonJS left in the ES module version`);
  }
  return esm;
}

function isDefineEsModule(call) {
  return call.callee.type === 'MemberExpression' && call.callee.object.name === 'Object'
    && call.callee.property.name === 'defineProperty' && call.arguments[0]?.name === 'exports';
}

/** exports.A = exports.B = ... = void 0; */
function isExportsVoid0(expr) {
  let e = expr;
  while (e.type === 'AssignmentExpression' && isMember(e.left, 'exports')) e = e.right;
  return e.type === 'UnaryExpression' && e.operator === 'void';
}

function isMember(node, objectName) {
  return node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.object.name === objectName;
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
