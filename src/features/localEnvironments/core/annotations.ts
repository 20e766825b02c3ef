import type { ContainerSummary } from '../../../docker/engine';

/**
 * What a feature adds to a container's row: the image-config mirror's check reads the config labels and returns a
 * description ("config changed"), a tooltip line and a context flag (`configChanged`, matched by the Rebuild menu).
 */
export interface ContainerAnnotation {
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextFlags?: readonly string[];
}

export type ContainerAnnotator = (container: ContainerSummary) => ContainerAnnotation | undefined;

/** Several annotations as one: descriptions joined with " · ", tooltips one per line, every flag. */
export function joinAnnotations(parts: readonly ContainerAnnotation[]): ContainerAnnotation | undefined {
  if (!parts.length) return undefined;
  return {
    description: parts.flatMap((part) => part.description ?? []).join(' · ') || undefined,
    contextFlags: parts.flatMap((part) => part.contextFlags ?? []),
    tooltip: parts.flatMap((part) => part.tooltip ?? []).join('\n') || undefined,
  };
}
