import { connect } from 'node:net';

/** Whether a host's SSH port accepts connections: the real probe, or a test's stand-in (a fake VM's address is not real). */
export interface SshPortProbe {
  answers(host: string, signal: AbortSignal): Promise<boolean>;
}

export const tcpSshProbe: SshPortProbe = { answers: (host, signal) => sshPortAnswers(host, signal) };

/**
 * Whether something accepts a TCP connection on the host's SSH port within `timeoutMs`: a booted VM's sshd does.
 * Nothing is sent; the connection is closed at once.
 */
export function sshPortAnswers(host: string, signal: AbortSignal, timeoutMs = 3000, port = 22): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const socket = connect({ host, port });
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answered);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
