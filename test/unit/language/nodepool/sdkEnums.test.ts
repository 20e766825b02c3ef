import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sdk from '@azure/arm-containerservice';
import { enumValues, schemaAtPath } from '../../../../src/language/core/index';
import { agentPoolPropertiesSchema, NODEPOOL_API_VERSION } from '../../../../src/language/core/nodepool/schema';

/**
 * The node-pool schema against the AKS SDK's own lists (@azure/arm-containerservice 25.5.0, generated from the REST
 * API specification): every value the service documents for the pinned version is one the schema accepts.
 */
const FIELDS: [readonly string[], Record<string, string>][] = [
  [['osSKU'], sdk.KnownOssku],
  [['osType'], sdk.KnownOSType],
  [['mode'], sdk.KnownAgentPoolMode],
  [['type'], sdk.KnownAgentPoolType],
  [['osDiskType'], sdk.KnownOSDiskType],
  [['kubeletDiskType'], sdk.KnownKubeletDiskType],
  [['scaleDownMode'], sdk.KnownScaleDownMode],
  [['scaleSetPriority'], sdk.KnownScaleSetPriority],
  [['scaleSetEvictionPolicy'], sdk.KnownScaleSetEvictionPolicy],
  [['gpuInstanceProfile'], sdk.KnownGPUInstanceProfile],
  [['powerState', 'code'], sdk.KnownCode],
  [['networkProfile', 'allowedHostPorts', 0, 'protocol'] as unknown as string[], sdk.KnownProtocol],
  [['gpuProfile', 'driver'], sdk.KnownGPUDriver],
];

describe('node-pool schema against the AKS SDK', () => {
  it('is pinned to the newest stable API version the SDK knows', () => {
    const versions = Object.values(sdk.KnownVersions as Record<string, string>).filter((version) => !version.endsWith('-preview'));
    assert.equal(NODEPOOL_API_VERSION, versions.sort().at(-1));
  });

  it('accepts every enum value the SDK lists for the fields it checks', () => {
    const missing: string[] = [];
    for (const [path, known] of FIELDS) {
      const allowed = enumValues(schemaAtPath(agentPoolPropertiesSchema, path));
      assert.ok(allowed.length > 0, path.join('.'));
      for (const value of Object.values(known)) if (!allowed.includes(value)) missing.push(`${path.join('.')}: ${value}`);
    }
    assert.deepEqual(missing, []);
  });
});
