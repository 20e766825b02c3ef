// Bundled on its own as dist/lazy/azure.js and loaded on first use (see util/lazyPackages.ts).
export * as identity from '@azure/identity';
export * as compute from '@azure/arm-compute';
export * as network from '@azure/arm-network';
export * as resources from '@azure/arm-resources';
// Page blob transfers to and from managed disks' SAS (see azure/storage/pageBlobTransfer.ts).
export * as storageBlob from '@azure/storage-blob';
// The SDK pipeline (bearer token, retries) for the tenant, subscription and region lists (see azure/arm/armRest.ts).
export { ServiceClient } from '@azure/core-client';
export { createPipelineRequest } from '@azure/core-rest-pipeline';
