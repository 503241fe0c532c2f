/** The sink's OIDC token, read from the file Knative's SinkBinding mounts (`/oidc/token`). */
import { fileToken } from '../../src/source/sink-token';

function files(contents: Record<string, string>) {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    const text = contents[path];
    if (text === undefined) {
      return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
    }
    return Promise.resolve(text);
  };
  return { read, reads };
}

test('reads the token, trimmed, from the file', async () => {
  const { read } = files({ '/oidc/token': 'eyJ.eyJ.sig\n' });
  await expect(fileToken({ path: '/oidc/token', read })()).resolves.toBe('eyJ.eyJ.sig');
});

test('no file: no token (the authentication-oidc feature is off)', async () => {
  const { read } = files({});
  await expect(fileToken({ path: '/oidc/token', read })()).resolves.toBeUndefined();
});

test('reads the file again once refreshMs has passed (Knative renews the token in place)', async () => {
  const contents: Record<string, string> = { '/oidc/token': 'first' };
  const { read, reads } = files(contents);
  let nowMs = 0;
  const token = fileToken({ path: '/oidc/token', read, refreshMs: 1_000, now: () => nowMs });
  await expect(token()).resolves.toBe('first');
  contents['/oidc/token'] = 'second';
  nowMs = 999;
  await expect(token()).resolves.toBe('first');
  nowMs = 1_000;
  await expect(token()).resolves.toBe('second');
  expect(reads).toHaveLength(2);
});

test('a file that cannot be read for another reason throws', async () => {
  const read = () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));
  await expect(fileToken({ path: '/oidc/token', read })()).rejects.toThrow('EACCES');
});
