// Bundled on its own as dist/lazy/azure.js and loaded on first use (see util/lazyPackages.ts).
export * as identity from '@azure/identity';
export * as compute from '@azure/arm-compute';
export * as network from '@azure/arm-network';
export * as resources from '@azure/arm-resources';
// AKS clusters and node pools (azure/arm/aks.ts) and Azure Resource Graph, the fleet-wide listing (azure/arm/resourceGraph.ts).
export * as containerService from '@azure/arm-containerservice';
export * as resourceGraph from '@azure/arm-resourcegraph';
// Page blob transfers to and from managed disks' SAS (see azure/storage/pageBlobTransfer.ts).
export * as storageBlob from '@azure/storage-blob';
// The SDK pipeline (bearer token, retries) for the tenant, subscription and region lists (see azure/arm/armRest.ts).
export { ServiceClient } from '@azure/core-client';
export { createPipelineRequest } from '@azure/core-rest-pipeline';
export { createHttpPoller } from '@azure/core-lro';
