/** Thrown when the person cancels a picker, an input box or a progress notification: never shown as an error. */
export class UserCancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'UserCancelledError';
  }
}

/** An expected stop that the person should hear about as information, not as a failure ("WSL is for Windows"). */
export class NoticeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoticeError';
  }
}

export function isUserCancelled(error: unknown): boolean {
  return error instanceof UserCancelledError || (error instanceof Error && error.name === 'AbortError');
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
