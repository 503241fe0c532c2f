/**
 * The validator reads setup.sh's `readonly` header as the generator writes it: a value holding a
 * `'` (written `'\''` by `shellQuote`) is read whole, not skipped.
 */
import { shellQuote } from '../../charts/wiring/setup-script/shell-quote';
import { readShellScript } from '../../src/validator/core/shell-script';

test.each([
  ['plain', 'uploads'],
  ['with a quote', "it's"],
  ['with two quotes and spaces', "a 'b' c"],
  ['empty', ''],
])('a single-quoted value (%s) is read back as written', (_case, value) => {
  const script = readShellScript('setup.sh', `readonly PUSH_AUDIENCE=${shellQuote(value)}\n`);
  expect(script.variables.get('PUSH_AUDIENCE')).toEqual({
    name: 'PUSH_AUDIENCE',
    value,
    line: 1,
  });
});

test('double-quoted and bare values, the first declaration of a name, and line numbers', () => {
  const script = readShellScript(
    'setup.sh',
    [
      '#!/usr/bin/env bash',
      'readonly TOPIC="uploads"',
      'readonly RETRIES=5 # comment',
      'readonly TOPIC=other',
    ].join('\n'),
  );
  expect([...script.variables.values()]).toEqual([
    { name: 'TOPIC', value: 'uploads', line: 2 },
    { name: 'RETRIES', value: '5', line: 3 },
  ]);
});
