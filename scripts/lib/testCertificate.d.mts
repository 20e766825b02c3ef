/** Makes (once) a self-signed certificate for 127.0.0.1 / localhost in `dir`; see testCertificate.mjs. */
export function ensureTestCertificate(dir: string): { certPath: string; keyPath: string };
