import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { readDeploymentConfig } from '../../charts/config/load-deployment-config';

/** The sample config as the kit shipped it: the test's own copy, never the file users edit. */
const SAMPLE = readFileSync(
  path.resolve(__dirname, '../fixtures/config/dualrun.config.yaml'),
  'utf8',
);

/** The sample-shaped fixture with `from` replaced by `to` (`from` must occur). */
function sampleWith(from: string, to: string): string {
  expect(SAMPLE).toContain(from);
  return SAMPLE.replace(from, to);
}

describe('readDeploymentConfig: YAML that is not one plain document is one config error line', () => {
  test.each([
    [
      'a circular alias',
      sampleWith('LOG_LEVEL: info', 'LOG_LEVEL: &x [*x]'),
      /^dualrun\.config\.yaml: worker\.LOG_LEVEL: \[".*"\] is invalid: expected a string or a number$/,
    ],
    [
      'a list as a worker value',
      sampleWith('LOG_LEVEL: info', 'LOG_LEVEL: [info]'),
      /^dualrun\.config\.yaml: worker\.LOG_LEVEL: \["info"\] is invalid: expected a string or a number$/,
    ],
    [
      'null as a worker value',
      sampleWith('LOG_LEVEL: info', 'LOG_LEVEL: null'),
      /^dualrun\.config\.yaml: worker\.LOG_LEVEL: null is invalid: expected a string or a number$/,
    ],
    [
      'a project number beyond the safe integers, unquoted',
      sampleWith("projectNumber: '123456789012'", 'projectNumber: 9007199254740993'),
      /^dualrun\.config\.yaml: google\.projectNumber: \d+ is invalid: expected a project number as a quoted string of digits/,
    ],
    [
      'a project number with a leading zero, unquoted',
      sampleWith("projectNumber: '123456789012'", 'projectNumber: 0123456789012'),
      /^dualrun\.config\.yaml: google\.projectNumber: 123456789012 is invalid: expected a project number as a quoted string of digits/,
    ],
    [
      'two documents',
      `${SAMPLE}\n---\nservice: {}\n`,
      /^dualrun\.config\.yaml: \(file\): .* is invalid: expected one YAML document, found 2$/,
    ],
    [
      'an unknown tag',
      sampleWith('LOG_LEVEL: info', 'LOG_LEVEL: !foo info'),
      /^dualrun\.config\.yaml: \(file\): .* is invalid: expected YAML: Unresolved tag: !foo at line \d+, column \d+:?$/,
    ],
  ])('%s', (_name, text, message) => {
    const read = () => readDeploymentConfig(text, 'dualrun.config.yaml');
    expect(read).toThrow(DeploymentConfigError);
    expect(read).toThrow(message);
  });

  test('an unknown tag prints no warning', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const read = () =>
      readDeploymentConfig(sampleWith('LOG_LEVEL: info', 'LOG_LEVEL: !foo info'), 'c.yaml');
    expect(read).toThrow(DeploymentConfigError);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
