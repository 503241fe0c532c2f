/**
 * The offline validator's public API: checks manifests (Knative, Cloud Run, Config Connector,
 * setup.sh; generated or written by hand) against the committed schemas and the rule table,
 * before anyone applies them.
 *
 * @example
 * ```ts
 * const findings = validateDirectories(['knative', 'cloudrun']);
 * for (const finding of findings) console.log(formatFinding(finding));
 * ```
 */
import { bashSyntaxCheck, type ShellSyntaxCheck } from './core/shell-script';
import type { Finding } from './core/finding';
import { loadManifestSet, type ManifestFile } from './core/load-documents';
import { readManifestFiles } from './core/read-manifest-files';
import type { ValidationSummary } from './core/report';
import type { Rule } from './core/rule';
import { RULES } from './rule-table';
import { runRules } from './core/run-rules';
import { loadSchemaCatalog, type SchemaCatalog } from './schema/schema-catalog';
import { createSchemaCheck } from './schema/schema-check';

/** What one validation found and how much it looked at. */
export interface ValidationResult {
  readonly findings: readonly Finding[];
  readonly summary: ValidationSummary;
}

/** A validator with its schemas loaded and compiled once (reuse it for many validations). */
export interface ManifestValidator {
  /** Validates files given as text; the target of each object is decided by `targetOf`. */
  check(files: readonly ManifestFile[]): ValidationResult;
}

/** What a validator uses. */
export interface ValidatorOptions {
  /** @default the committed `src/validator/schema/schemas/` ({@link loadSchemaCatalog}) */
  readonly catalog?: SchemaCatalog;
  /** @default {@link RULES} */
  readonly rules?: readonly Rule[];
  /** @default `bash -n` ({@link bashSyntaxCheck}) */
  readonly shellSyntax?: ShellSyntaxCheck;
}

/**
 * A validator over the committed schemas and the rule table.
 *
 * @throws Error when the schema files cannot be read (see {@link loadSchemaCatalog})
 */
export function createManifestValidator(options: ValidatorOptions = {}): ManifestValidator {
  const catalog = options.catalog ?? loadSchemaCatalog();
  const rules = options.rules ?? RULES;
  const schema = createSchemaCheck(catalog);
  const shellSyntax = options.shellSyntax ?? bashSyntaxCheck();
  return {
    check: (files) => {
      const set = loadManifestSet(files);
      return {
        findings: runRules(rules, set, { schema, shellSyntax }),
        summary: { files: files.length, documents: set.documents.length, rules: rules.length },
      };
    },
  };
}

/**
 * Validates manifest files given as `{path, text}`.
 *
 * @param files - YAML files (multi-document) and `*.sh` scripts; an object is Cloud Run when it
 *   has the `cloud.googleapis.com/location` label, sits beside `config-connector.yaml` or in a
 *   `cloudrun` / `cloud-run` folder, Knative otherwise; cross-object rules pair files by directory
 *   (a `wiring/` folder with its parent directory)
 * @param validator - reuse one across calls to compile the schemas once
 * @returns every finding, ordered by file and line; empty when everything passes
 */
export function validateManifests(
  files: readonly ManifestFile[],
  validator: ManifestValidator = createManifestValidator(),
): Finding[] {
  return [...validator.check(files).findings];
}

/**
 * Validates every `*.yaml`, `*.yml` and `*.sh` file below the given directories.
 *
 * @throws ManifestInputError when a directory is missing or empty
 */
export function validateDirectories(
  directories: readonly string[],
  validator: ManifestValidator = createManifestValidator(),
): Finding[] {
  return validateManifests(readManifestFiles(directories), validator);
}
