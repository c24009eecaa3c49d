// Validates Kubernetes manifests against the Kubernetes OpenAPI schemas (npm kubernetes-models) and the
// Prometheus Operator CRD schemas (npm @kubernetes-models/prometheus-operator).
// usage: node validate-manifests.mjs MANIFESTS.json   (a JSON array of objects, as rendered by helm template)
// Prints one line per object: "ok KIND NAME" or "invalid KIND NAME: REASON"; "unknown KIND" when no schema
// exists for its apiVersion/kind. Exit 0 when every object is ok, 1 otherwise. NODE_PATH-free: the packages are
// resolved from the folder named by IWD_NODE_MODULES (their node_modules' parent).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const root = process.env.IWD_NODE_MODULES;
if (!root) {
  console.error("IWD_NODE_MODULES is not set");
  process.exit(2);
}
const resolve = createRequire(path.join(root, "package.json")).resolve;
const manifests = JSON.parse(readFileSync(process.argv[2], "utf8"));

async function modelFor(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const pkg = group === "monitoring.coreos.com" ? "@kubernetes-models/prometheus-operator" : "kubernetes-models";
  const spec = `${pkg}/${group ? group + "/" : ""}${version}/${kind}`;
  let file;
  try {
    file = resolve(spec);
  } catch {
    // Packages with an "exports" map resolve only the subpaths they export; fall back to the file itself.
    const dir = path.dirname(resolve(`${pkg}/package.json`));
    file = path.join(dir, group, version, `${kind}.js`);
  }
  const module = await import(pathToFileURL(file).href);
  return module[kind];
}

let failures = 0;
for (const manifest of manifests) {
  const label = `${manifest.kind} ${manifest.metadata?.name}`;
  let Model;
  try {
    Model = await modelFor(manifest.apiVersion, manifest.kind);
  } catch (e) {
    Model = undefined;
  }
  if (!Model) {
    console.log(`unknown ${label} (${manifest.apiVersion})`);
    failures++;
    continue;
  }
  try {
    new Model(manifest).validate();
    console.log(`ok ${label}`);
  } catch (e) {
    console.log(`invalid ${label}: ${String(e.message ?? e).replace(/\s+/g, " ")}`);
    failures++;
  }
}
process.exit(failures === 0 ? 0 : 1);
