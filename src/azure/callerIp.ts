import * as https from 'node:https';

/** Finds the caller's public IPv4 address, which the create flow admits to SSH. The person can edit it. */
export interface CallerIpDetector {
  detect(signal: AbortSignal): Promise<string | undefined>;
}

const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Asks a public "what is my IP" service; no answer within 5 s means the person types it in. */
export class PublicServiceIpDetector implements CallerIpDetector {
  constructor(private readonly url = 'https://api.ipify.org') {}

  detect(signal: AbortSignal): Promise<string | undefined> {
    return new Promise((resolve) => {
      const request = https.get(this.url, { signal, timeout: 5000 }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(ipv4.test(text.trim()) ? text.trim() : undefined));
        response.on('error', () => resolve(undefined));
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(undefined));
    });
  }
}
