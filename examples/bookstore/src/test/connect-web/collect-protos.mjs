// Copies the example's .proto files and the imports they need into proto/, for buf generate.
// The imports (protovalidate, google.api) come from the archives the Maven build extracted
// under target/protobuf-maven-plugin; google/protobuf/* are buf's own well-known types.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const sources = "../../main/protobuf";
const archivesRoot = "../../../target/protobuf-maven-plugin/generate";
const out = "proto";

if (!existsSync(archivesRoot)) {
  console.error(`${archivesRoot} is missing: run the Maven build of examples/bookstore first`);
  process.exit(1);
}
const roots = [sources];
for (const execution of readdirSync(archivesRoot)) {
  const archives = join(archivesRoot, execution, "archives");
  if (existsSync(archives)) {
    for (const archive of readdirSync(archives)) roots.push(join(archives, archive));
  }
}

rmSync(out, { recursive: true, force: true });
const pending = listProtos(sources);
const copied = new Set();
while (pending.length > 0) {
  const file = pending.pop();
  if (copied.has(file) || file.startsWith("google/protobuf/")) continue;
  const root = roots.find((candidate) => existsSync(join(candidate, file)));
  if (root === undefined) {
    console.error(`${file} is imported but not found in ${roots.join(", ")}`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, file)), { recursive: true });
  cpSync(join(root, file), join(out, file));
  copied.add(file);
  for (const match of readFileSync(join(root, file), "utf8").matchAll(/^import\s+(?:public\s+)?"([^"]+)";/gm)) {
    pending.push(match[1]);
  }
}

function listProtos(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return listProtos(dir, path);
    return entry.name.endsWith(".proto") ? [path] : [];
  });
}
