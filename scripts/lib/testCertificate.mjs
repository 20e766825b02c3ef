// Makes a self-signed TLS certificate for 127.0.0.1 / localhost that the local test servers (the fake Azure
// Resource Manager) serve. Test processes trust it through NODE_EXTRA_CA_CERTS=<certPath>, so nothing is
// trusted beyond the test run. The certificate is its own CA (basicConstraints CA:TRUE), which is what Node
// needs to accept it as a trust anchor.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const CERT_FILE = 'azl-test-cert.pem';
const KEY_FILE = 'azl-test-key.pem';
/** Renew when less than this is left, so a long test session never meets an expired certificate. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/**
 * Returns the paths of a certificate and key in `dir`, making them with `openssl` when missing, unreadable,
 * for the wrong names or about to expire. Safe to call from several processes: files are written under a
 * temporary name and renamed into place.
 * @param {string} dir
 * @returns {{ certPath: string, keyPath: string }}
 */
export function ensureTestCertificate(dir) {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  if (isUsable(certPath, keyPath)) {
    return { certPath, keyPath };
  }
  const suffix = `.${process.pid}.${Date.now()}.tmp`;
  const tmpCert = certPath + suffix;
  const tmpKey = keyPath + suffix;
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
        '-days',
        '30',
        '-subj',
        '/CN=Azure Linux Tools test server',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,digitalSignature,keyCertSign',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    chmodSync(tmpKey, 0o600);
    // Key first: a reader that sees the new certificate must also find its key.
    renameSync(tmpKey, keyPath);
    renameSync(tmpCert, certPath);
  } finally {
    rmSync(tmpCert, { force: true });
    rmSync(tmpKey, { force: true });
  }
  return { certPath, keyPath };
}

function isUsable(certPath, keyPath) {
  if (!existsSync(certPath) || !existsSync(keyPath)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    const fresh = Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS;
    const names = cert.subjectAltName ?? '';
    // Two processes racing to renew could leave a key and a certificate from different runs: check they pair.
    const paired = cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)));
    return fresh && paired && names.includes('IP Address:127.0.0.1') && names.includes('DNS:localhost') && cert.ca;
  } catch {
    return false;
  }
}

// Plain-Node use: `node scripts/lib/testCertificate.mjs [DIR]` prints the two paths as JSON.
// (Checked by name, not import.meta, because test bundles inline this module as CommonJS.)
if (/[\\/]testCertificate\.mjs$/.test(process.argv[1] ?? '')) {
  const dir = process.argv[2] ?? join(process.cwd(), '.cache', 'test-tls');
  console.log(JSON.stringify(ensureTestCertificate(dir)));
}
