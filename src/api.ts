import type { AzlContext } from './context';
import type { AzlViews } from './views';

/** What `activate()` returns: used by the integration tests and open to other extensions. */
export interface AzureLinuxToolsApi {
  readonly apiVersion: 1;
  /** Milliseconds `activate()` took, measured inside the extension host. */
  readonly activationMs: number;
  readonly context: AzlContext;
  readonly views: AzlViews;
}
