/** The progress display: redrawn in place on a terminal, one line per change elsewhere. */
import { createProgressTable } from '../../src/apply/display/progress-table';

const labels = [
  { kind: 'Namespace', name: 'dualrun' },
  { kind: 'Broker', name: 'dualrun/default' },
];

function capture(): { write: (text: string) => void; text: () => string } {
  let text = '';
  return {
    write: (chunk) => {
      text += chunk;
    },
    text: () => text,
  };
}

test('lines mode: one aligned line per change of state, nothing for a repeat', () => {
  const output = capture();
  const table = createProgressTable(labels, output, { mode: 'lines' });
  table.set(1, 'created');
  table.set(0, 'created');
  table.set(1, 'created');
  table.set(1, 'ready');
  expect(output.text()).toBe(
    'Broker     dualrun/default  created\n' +
      'Namespace  dualrun          created\n' +
      'Broker     dualrun/default  ready\n',
  );
});

test('terminal mode: every row drawn at once, then redrawn in place (cursor up, clear line)', () => {
  const output = capture();
  const table = createProgressTable(labels, output, { mode: 'terminal' });
  table.set(0, 'created');
  table.set(0, 'created');
  expect(output.text()).toBe(
    '\r\x1b[2KNamespace  dualrun          pending\n' +
      '\r\x1b[2KBroker     dualrun/default  pending\n' +
      '\x1b[2A' +
      '\r\x1b[2KNamespace  dualrun          created\n' +
      '\r\x1b[2KBroker     dualrun/default  pending\n',
  );
});

test('terminal mode: a line longer than the terminal is cut, so that none wraps', () => {
  const output = capture();
  const table = createProgressTable(labels, output, { mode: 'terminal', columns: 40 });
  table.set(1, 'waiting: Ready=Unknown RevisionMissing: a long message');
  const lines = output.text().split('\n').slice(2, 4);
  expect(lines[1]).toBe('\r\x1b[2KBroker     dualrun/default  waiting: R…');
  expect(lines[1]!.replace('\r\x1b[2K', '')).toHaveLength(39);
});

test('terminal mode on a terminal no taller than the table: plain lines, since the cursor cannot go above the screen', () => {
  const output = capture();
  const table = createProgressTable(labels, output, { mode: 'terminal', rows: 2 });
  table.set(0, 'created');
  expect(output.text()).toBe('Namespace  dualrun          created\n');
});
