/**
 * The CRDs the apply tests install: the known Knative and Config Connector ones, plus knative-gcp's
 * CloudStorageSource, which a config with `knative.source.kind: knative-gcp` (the legacy source)
 * generates. It comes from `../shared/crds/knative-gcp` when present, else from the Go module
 * proxy copy of the same commit (`github.com/google/knative-gcp@v0.23.0`, tag v0.23.0, 4c723c5,
 * byte for byte the same file). Its YAML uses merge keys (`<<: *anchor`), which client-node's YAML
 * loader keeps as a literal `<<` property (the API server then refuses the schema), so it is read
 * with `yaml` (merge keys resolved, as YAML 1.1 defines them) and installed as JSON.
 *
 * @see https://proxy.golang.org/github.com/google/knative-gcp/@v/v0.23.0.info
 * @see https://yaml.org/type/merge.html
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { knownCrdFiles, type TestCluster } from '../../support/kube-apiserver';
import { SHARED_CRDS_DIR } from '../../support/cluster/known-crd-files';

const run = promisify(execFile);

const KNATIVE_GCP = { module: 'github.com/google/knative-gcp', version: 'v0.23.0' } as const;
const CLOUD_STORAGE_SOURCE = 'config/core/resources/cloudstoragesource.yaml';

async function cloudStorageSourceFile(): Promise<string> {
  const shared = path.join(SHARED_CRDS_DIR, 'knative-gcp', 'cloudstoragesource.yaml');
  if (existsSync(shared)) return shared;
  const { stdout } = await run(
    'go',
    ['mod', 'download', '-json', `${KNATIVE_GCP.module}@${KNATIVE_GCP.version}`],
    { cwd: os.tmpdir(), env: { ...process.env, GOWORK: 'off' }, maxBuffer: 1 << 20 },
  );
  const { Dir } = JSON.parse(stdout) as { Dir?: string };
  if (!Dir) throw new Error(`go mod download ${KNATIVE_GCP.module} printed no Dir: ${stdout}`);
  return path.join(Dir, CLOUD_STORAGE_SOURCE);
}

/**
 * Installs every known CRD and knative-gcp's CloudStorageSource on `cluster`; `dir` receives the
 * CloudStorageSource CRD with its merge keys resolved.
 *
 * @returns the installed CRDs' names
 */
export async function installApplyCrds(
  cluster: TestCluster,
  dir: string,
): Promise<readonly string[]> {
  const resolved = path.join(dir, 'cloudstoragesources.events.cloud.google.com.json');
  const crd: unknown = parse(await readFile(await cloudStorageSourceFile(), 'utf8'), {
    merge: true,
  });
  await writeFile(resolved, JSON.stringify(crd));
  const known = (await knownCrdFiles()).map(({ file }) => file);
  return cluster.installCrds([...known, resolved]);
}
