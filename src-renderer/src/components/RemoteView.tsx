import type { ReactNode } from 'react';
import type { Remote } from '../lib/remote';
import { ErrorState, Loading } from './States';

/**
 * Renders data fetched from main in one of three states. Data already shown stays up during a
 * refresh; an error after data was shown keeps the data and shows the error above it.
 */
export function RemoteView<T>({
  remote,
  what,
  onRetry,
  children,
}: {
  remote: Remote<T>;
  /** What is loading, e.g. "the overview": used in the loading and error texts. */
  what: string;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}) {
  if (remote.data === null) {
    if (remote.status === 'error')
      return <ErrorState title={`Could not load ${what}`} message={remote.error} onRetry={onRetry} />;
    return <Loading label={`Loading ${what}…`} />;
  }
  return (
    <>
      {remote.status === 'error' && (
        <ErrorState title={`Could not refresh ${what}`} message={remote.error} onRetry={onRetry} />
      )}
      {children(remote.data)}
    </>
  );
}
