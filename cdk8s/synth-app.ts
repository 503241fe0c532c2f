/**
 * The cdk8s App: builds the charts from a checked deployment config and renders each output file.
 * Nothing here runs on import; `synth.ts` is the command-line entry.
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { App, Yaml, type Chart } from 'cdk8s';
import { CloudRunChart } from '../charts/constructs/cloud-run-chart';
import { ConfigConnectorChart } from '../charts/constructs/config-connector-chart';
import type { DeploymentConfig } from '../charts/config/deployment-config';
import { KnativeChart } from '../charts/constructs/knative-chart';
import { DeploymentConfigError } from '../charts/config/deployment-config-error';
import { SetupScriptSettingError } from '../charts/wiring/setup-script/checks';
import { renderSetupScript } from '../charts/wiring/setup-script/render-setup-script';
import { targetOf } from '../charts/wiring/setup-script/settings';
import { SETTING_SOURCES } from '../charts/wiring/setup-script/setting-sources';
import { readDeploymentConfig } from '../charts/config/load-deployment-config';
import { optionPathError } from '../src/cli/option-error';
import { SAMPLE_PLACEHOLDERS, samplePlaceholderFields } from '../charts/config/sample-placeholders';
import { cloudRunWiring } from '../charts/wiring/cloud-run-wiring';
import { knativeWiring } from '../charts/wiring/knative-wiring';
import type { WiringModel } from '../charts/wiring/wiring-model';

/** The files `npm run synth` writes, relative to the output directory (the repository root). */
export const OUTPUT_FILES = {
  knative: 'knative/dualrun.yaml',
  knativeConfigConnector: 'knative/wiring/config-connector.yaml',
  knativeSetupScript: 'knative/wiring/setup.sh',
  cloudRunService: 'cloudrun/service.yaml',
  configConnector: 'cloudrun/config-connector.yaml',
  setupScript: 'cloudrun/setup.sh',
} as const;

/**
 * Output files that only some configs have: the Knative wiring exists for the kit's own source
 * (`knative.source.kind: pubsub`). A synth that writes none of them removes what an earlier synth
 * wrote, so a stale wiring never stays beside the manifests.
 */
const OPTIONAL_FILES: ReadonlySet<string> = new Set([
  OUTPUT_FILES.knativeConfigConnector,
  OUTPUT_FILES.knativeSetupScript,
]);

/** Output files that are programs: written executable. */
const EXECUTABLE_FILES: ReadonlySet<string> = new Set([
  OUTPUT_FILES.knativeSetupScript,
  OUTPUT_FILES.setupScript,
]);

/** One output file: its path relative to the output directory, and its content. */
export interface SynthOutput {
  readonly path: string;
  readonly content: string;
}

/** What the outputs are built from: the checked config and the wirings derived from it once. */
interface SynthInput {
  readonly config: DeploymentConfig;
  /** The Cloud Run target's Pub/Sub wiring: `config-connector.yaml` and `setup.sh` both render it. */
  readonly cloudRun: WiringModel;
  /** The Knative target's, for the kit's own source; `undefined` for another source kind. */
  readonly knative: WiringModel | undefined;
}

/** Config Connector resources of a wiring, in Config Connector's namespace. */
const configConnector = (app: App, id: string, config: DeploymentConfig, wiring: WiringModel) =>
  new ConfigConnectorChart(app, id, { wiring, namespace: config.configConnector.namespace });

/**
 * The outputs, in the order they are written: each a chart or a setup script, or nothing for a
 * config without it (an optional file).
 */
const OUTPUTS: readonly {
  readonly path: string;
  readonly render: (app: App, input: SynthInput, configName: string) => string | undefined;
}[] = [
  {
    path: OUTPUT_FILES.knative,
    render: (app, { config }, name) => manifest(new KnativeChart(app, 'knative', { config }), name),
  },
  {
    path: OUTPUT_FILES.knativeConfigConnector,
    render: (app, { config, knative }, name) =>
      knative === undefined
        ? undefined
        : manifest(configConnector(app, 'knative-wiring', config, knative), name),
  },
  {
    path: OUTPUT_FILES.knativeSetupScript,
    render: (_app, { knative }, name) =>
      knative === undefined ? undefined : setupScript(knative, name),
  },
  {
    path: OUTPUT_FILES.cloudRunService,
    render: (app, { config }, name) =>
      manifest(new CloudRunChart(app, 'cloudrun', { config }), name),
  },
  {
    path: OUTPUT_FILES.configConnector,
    render: (app, { config, cloudRun }, name) =>
      manifest(configConnector(app, 'config-connector', config, cloudRun), name),
  },
  {
    path: OUTPUT_FILES.setupScript,
    render: (_app, { cloudRun }, name) => setupScript(cloudRun, name),
  },
];

/** A chart's objects as one YAML stream, after the generated-file header. */
function manifest(chart: Chart, configName: string): string {
  return header(configName) + Yaml.stringify(...(chart.toJson() as unknown[]));
}

/**
 * Renders every output for a checked config. YAML is written with cdk8s's YAML 1.1 schema, so any
 * string a YAML 1.1 reader (kubectl's, PyYAML) would take for a number, boolean or null is quoted.
 *
 * @param configName - the config file's name, quoted in each file's header
 */
export function synthesize(config: DeploymentConfig, configName: string): SynthOutput[] {
  const app = new App();
  const input: SynthInput = {
    config,
    cloudRun: cloudRunWiring(config),
    knative: knativeWiring(config),
  };
  return OUTPUTS.flatMap(({ path: file, render }) => {
    const content = render(app, input, configName);
    return content === undefined ? [] : [{ path: file, content }];
  });
}

/**
 * `setup.sh` for a wiring. The config's own rules include the script's checks, so the script's
 * check is a guard only; if it fires, it is reported against the config field.
 *
 * @throws DeploymentConfigError naming the config field the refused setting comes from
 */
function setupScript(wiring: WiringModel, configName: string): string {
  try {
    return renderSetupScript(wiring, {
      serviceYamlPath: path.basename(OUTPUT_FILES.cloudRunService),
    });
  } catch (error) {
    if (!(error instanceof SetupScriptSettingError)) throw error;
    const problem = {
      path: SETTING_SOURCES[targetOf(wiring)][error.variable] ?? error.variable,
      value: error.value,
      reason: `expected ${error.expected} (setup.sh ${error.variable})`,
    };
    throw new DeploymentConfigError([problem], configName);
  }
}

function header(configName: string): string {
  return [
    `# Generated by \`npm run synth\` from ${configName}. Do not edit: change the config and run it again.`,
    '',
  ].join('\n');
}

/** Options of {@link synthesizeFile}. */
export interface SynthesizeFileOptions {
  /**
   * Called with each warning, one line without a newline: a config that is valid but still holds
   * the sample's placeholders. The outputs are written all the same.
   *
   * @default - warnings are dropped
   */
  readonly onWarning?: (line: string) => void;
}

/**
 * Reads the config at `configPath`, synthesizes, and writes every output under `outDir`. Every
 * output is first written next to its target under a temporary name, then renamed into place, so
 * that a failed write (an unwritable directory) leaves the previous outputs as they were. An
 * optional output the config does not have (the Knative wiring of a source other than `pubsub`) is
 * removed if an earlier synth wrote it.
 *
 * @returns the paths written, relative to `outDir`
 * @throws DeploymentConfigError when the config is invalid (nothing is written then)
 * @throws OptionError (`--config FILE: no such file`) when the config cannot be read
 * @throws Error with the errno `code` when an output cannot be written; the message names the path
 */
export function synthesizeFile(
  configPath: string,
  outDir: string,
  options: SynthesizeFileOptions = {},
): string[] {
  const configName = path.basename(configPath);
  const config = readDeploymentConfig(readConfigText(configPath), configName);
  const placeholders = samplePlaceholderFields(config);
  if (placeholders.length > 0) {
    options.onWarning?.(
      `warning: ${configName} still holds the sample's ${SAMPLE_PLACEHOLDERS.projectId} / ${SAMPLE_PLACEHOLDERS.projectNumber} placeholders in ${placeholders.join(', ')}: replace them with your project's id and number before you deploy`,
    );
  }
  const outputs = synthesize(config, configName);
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const output of outputs) {
      const target = path.join(outDir, output.path);
      const temporary = `${target}.${randomUUID()}.tmp`;
      mkdirSync(path.dirname(target), { recursive: true });
      staged.push({ temporary, target });
      const mode = EXECUTABLE_FILES.has(output.path) ? 0o755 : 0o644;
      writeFileSync(temporary, output.content, { mode });
      chmodSync(temporary, mode);
    }
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    throw error;
  }
  for (const { temporary, target } of staged) renameSync(temporary, target);
  removeStaleOutputs(outDir, new Set(outputs.map((output) => output.path)));
  return outputs.map((output) => output.path);
}

/**
 * Removes the optional outputs this synth did not write (an earlier config's Knative wiring), and
 * their directory when nothing else is left in it.
 */
function removeStaleOutputs(outDir: string, written: ReadonlySet<string>): void {
  const stale = [...OPTIONAL_FILES].filter((file) => !written.has(file));
  for (const file of stale) rmSync(path.join(outDir, file), { force: true });
  for (const directory of new Set(stale.map((file) => path.join(outDir, path.dirname(file))))) {
    if (existsSync(directory) && readdirSync(directory).length === 0) rmdirSync(directory);
  }
}

/** The config file's text; a read error (a directory, a missing file) names the path. */
function readConfigText(configPath: string): string {
  try {
    return readFileSync(configPath, 'utf8');
  } catch (error) {
    throw optionPathError('--config', configPath, error, 'file');
  }
}
