import type { AzlContext } from './context';
import type { AzlViews } from './views';

/** What `activate()` returns: used by the integration tests and open to other extensions. */
export interface AzureLinuxToolsApi {
  readonly apiVersion: 1;
  /** Milliseconds `activate()` took, measured inside the extension host. */
  readonly activationMs: number;
  /** Heavy packages (docker, azure) loaded by the end of activation: none, by design. */
  readonly heavyPackagesAtActivation: readonly string[];
  readonly context: AzlContext;
  readonly views: AzlViews;
}
