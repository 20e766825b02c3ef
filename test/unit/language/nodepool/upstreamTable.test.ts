import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentPoolPropertiesSchema, kubeletConfigSchema, linuxOSConfigSchema } from '../../../../src/language/core/nodepool/schema';
import { assertTableHonest, readTable } from '../upstreamTable';

const TABLE = 'src/language/core/nodepool/UPSTREAM.md';

describe('the upstream table of node-pool constraints (UPSTREAM.md)', () => {
  const rows = readTable(TABLE);

  it('names a rule that exists and a test that proves it for every constraint it implements, and a reason for the rest', () => {
    assert.ok(rows.length > 50, `${rows.length} rows`);
    assertTableHonest(rows, 'nodepool');
  });

  it('covers the kubelet and Linux OS config settings the schema knows', () => {
    const listed = rows.map((row) => row.upstream).join(' ');
    for (const key of [...Object.keys(kubeletConfigSchema.properties), ...Object.keys(linuxOSConfigSchema.properties)]) {
      if (['cpuCfsQuota', 'failSwapOn', 'kubeReserved', 'sysctls'].includes(key)) continue; // booleans and maps: types only
      assert.ok(listed.includes(key), key);
    }
    for (const key of ['count', 'mode', 'osSKU', 'maxPods', 'availabilityZones', 'nodeTaints', 'nodeLabels', 'gatewayProfile']) {
      assert.ok(Object.hasOwn(agentPoolPropertiesSchema.properties, key) && listed.includes(key), key);
    }
  });
});
