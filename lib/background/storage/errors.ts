// Every storage failure reaches callers as a StorageError with a kind they can branch on and a
// message they can show. Nothing is silently dropped.

export type StorageErrorKind = 'quota' | 'unavailable' | 'not-found' | 'invalid';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly kind: StorageErrorKind;

  constructor(kind: StorageErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError;
}

function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const { name } = error;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error;
    if (typeof message === 'string' && message) return message;
  }
  return String(error);
}

const QUOTA_MESSAGE =
  'Browser storage is full, so this change was not saved. Export and delete old conversations, then try again.';

/**
 * Maps an IndexedDB / DOMException failure to a StorageError. `transactionError` is the
 * transaction's own error: a quota failure often surfaces as an AbortError on the request while
 * the transaction carries the real QuotaExceededError.
 */
export function toStorageError(error: unknown, transactionError?: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error);
  const txName = errorName(transactionError);
  const effective = name === 'AbortError' && txName ? txName : (name ?? txName);
  const cause = effective === txName && transactionError ? transactionError : error;
  const detail = errorMessage(cause);
  switch (effective) {
    case 'QuotaExceededError':
      return new StorageError('quota', QUOTA_MESSAGE, { cause });
    case 'NotFoundError':
      return new StorageError('not-found', `Stored data was not found (${detail}).`, { cause });
    case 'DataError':
    case 'DataCloneError':
    case 'ConstraintError':
    case 'TypeError':
      return new StorageError('invalid', `The data could not be stored (${detail}).`, { cause });
    default:
      // InvalidStateError, UnknownError, VersionError, AbortError, TimeoutError, SecurityError, …
      return new StorageError(
        'unavailable',
        `Local storage is unavailable right now (${effective ?? 'error'}: ${detail}). Try again.`,
        { cause },
      );
  }
}
