/**
 * The cluster's key material, made fresh for each test cluster: a CA (EC P-256), the API server's
 * serving certificate for 127.0.0.1 and localhost, client certificates signed by the same CA (the
 * API server trusts it through `--client-ca-file`), and the service-account signing key. Keys come
 * from node:crypto; node:crypto cannot issue X.509 certificates, so the `openssl` command signs them.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/certificates/#openssl
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#x509-client-certificates
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Certificates live one day: a test cluster lives minutes. */
const VALIDITY_DAYS = '1';

// One openssl configuration for every certificate: the sections name the extensions of each kind,
// so the output does not depend on the machine's openssl.cnf.
const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

/** A PEM certificate, its PEM private key (PKCS #8), and the files that hold them. */
export interface CertificateFiles {
  /** The certificate, PEM. */
  readonly certPem: string;
  /** Its private key (EC P-256), PKCS #8 PEM. */
  readonly keyPem: string;
  /** The file holding `certPem`. */
  readonly certFile: string;
  /** The file holding `keyPem` (mode 0600). */
  readonly keyFile: string;
}

/** The material `startKubeApiServer` writes before it starts the API server. */
export interface ClusterCertificates {
  /** The CA: trusted by clients for the serving certificate and by the API server for clients. */
  readonly ca: CertificateFiles;
  /** The API server's serving certificate (SANs 127.0.0.1 and localhost). */
  readonly serving: CertificateFiles;
  /** The service-account token signing key (PKCS #8 PEM). */
  readonly serviceAccountSigningKeyFile: string;
  /** Its public key (SPKI PEM), which verifies the tokens. */
  readonly serviceAccountKeyFile: string;
}

/** Who a client certificate names: the user is the subject CN, each group an O. */
export interface ClientCertificateSubject {
  /** The Kubernetes user name (the certificate's CN). */
  readonly userName: string;
  /** The user's groups (one O each), e.g. `['system:masters']`; may be empty. */
  readonly groups: readonly string[];
}

async function writeKey(file: string, publicKeyFile?: string): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await writeFile(file, pem, { mode: 0o600 });
  if (publicKeyFile)
    await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return pem;
}

// openssl's -subj syntax: /O=a/O=b/CN=c, with / and \ escaped by a backslash.
function subjectArgument(subject: ClientCertificateSubject | { readonly cn: string }): string {
  const escape = (value: string): string => value.replace(/[\\/]/g, (c) => `\\${c}`);
  if ('cn' in subject) return `/CN=${escape(subject.cn)}`;
  const organizations = subject.groups.map((group) => `/O=${escape(group)}`).join('');
  return `${organizations}/CN=${escape(subject.userName)}`;
}

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(
      `openssl ${args[0] ?? ''} failed (the cluster tests need the openssl command): ${stderr}`,
      { cause: error },
    );
  }
}

async function signedCertificate(
  dir: string,
  name: string,
  section: 'server' | 'client',
  subject: string,
  ca: CertificateFiles,
): Promise<CertificateFiles> {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const csrFile = path.join(dir, `${name}.csr`);
  const config = path.join(dir, 'openssl.cnf');
  const keyPem = await writeKey(keyFile);
  await openssl([
    'req',
    '-new',
    '-config',
    config,
    '-key',
    keyFile,
    '-subj',
    subject,
    '-out',
    csrFile,
  ]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csrFile,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-set_serial',
    `0x${randomBytes(16).toString('hex')}`,
    '-days',
    VALIDITY_DAYS,
    '-sha256',
    '-extfile',
    config,
    '-extensions',
    section,
    '-out',
    certFile,
  ]);
  return { certPem: await readFile(certFile, 'utf8'), keyPem, certFile, keyFile };
}

/**
 * Writes a fresh CA, the serving certificate and the service-account key into `dir`.
 *
 * @throws Error when the `openssl` command is missing or fails (its stderr quoted).
 */
export async function writeClusterCertificates(dir: string): Promise<ClusterCertificates> {
  await writeFile(path.join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
  const caCert = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  const caKeyPem = await writeKey(caKey);
  await openssl([
    'req',
    '-x509',
    '-new',
    '-config',
    path.join(dir, 'openssl.cnf'),
    '-extensions',
    'ca',
    '-key',
    caKey,
    '-subj',
    subjectArgument({ cn: 'dualrun-test-ca' }),
    '-days',
    VALIDITY_DAYS,
    '-sha256',
    '-out',
    caCert,
  ]);
  const ca = {
    certPem: await readFile(caCert, 'utf8'),
    keyPem: caKeyPem,
    certFile: caCert,
    keyFile: caKey,
  };
  const serviceAccountSigningKeyFile = path.join(dir, 'service-account.key');
  const serviceAccountKeyFile = path.join(dir, 'service-account.pub');
  const [serving] = await Promise.all([
    signedCertificate(dir, 'serving', 'server', subjectArgument({ cn: 'kube-apiserver' }), ca),
    writeKey(serviceAccountSigningKeyFile, serviceAccountKeyFile),
  ]);
  return { ca, serving, serviceAccountSigningKeyFile, serviceAccountKeyFile };
}

/**
 * Issues a client certificate signed by the cluster's CA: the API server authenticates it as
 * `subject.userName` in `subject.groups`.
 *
 * @param name - the file name stem in `dir`, unique per certificate
 * @throws Error when `openssl` fails.
 */
export function writeClientCertificate(
  dir: string,
  name: string,
  subject: ClientCertificateSubject,
  ca: CertificateFiles,
): Promise<CertificateFiles> {
  return signedCertificate(dir, name, 'client', subjectArgument(subject), ca);
}
