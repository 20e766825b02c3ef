import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NODEPOOL_API_VERSION, unknownSeverityFor } from '../../../../src/language/core/nodepool/schema';
import type { Problem, Range } from '../../../../src/language/core/types';
import { check, expectOne, rangeOf, withLine } from './helpers';

/** An ARM template with one agentPools resource of `apiVersion`, and extra `parameters`. */
function template(apiVersion: string, properties: string, parameters = '{}'): string {
  return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": ${parameters},
  "resources": [ {
    "type": "Microsoft.ContainerService/managedClusters/agentPools",
    "apiVersion": "${apiVersion}",
    "name": "aks/np1",
    "properties": { "count": 3, "vmSize": "Standard_D4s_v5", ${properties} }
  } ]
}`;
}

/** The problem with `code` at `range` (others with the same code may exist elsewhere). */
function at(problems: readonly Problem[], code: string, range: Range): Problem {
  const found = problems.filter(
    (problem) => problem.code === code && problem.range.start === range.start && problem.range.end === range.end,
  );
  assert.equal(found.length, 1, JSON.stringify(problems.map((problem) => [problem.code, problem.message])));
  return found[0];
}

describe('node pools: severity from the API version a file names', () => {
  it('reads API versions against the pinned one', () => {
    assert.equal(unknownSeverityFor(undefined), 'error');
    assert.equal(unknownSeverityFor(NODEPOOL_API_VERSION), 'error');
    assert.equal(unknownSeverityFor('2024-09-01'), 'error');
    assert.equal(unknownSeverityFor('2026-05-02-preview'), 'error');
    assert.equal(unknownSeverityFor('2099-01-01'), 'warning');
    assert.equal(unknownSeverityFor('2099-01-02-preview'), 'warning');
    assert.equal(unknownSeverityFor("[variables('api')]"), 'error');
  });

  it('refuses an unknown enum value and key for a version the schema covers, and only warns for a newer one', () => {
    const covered = template('2025-10-01', '"osSKU": "Ubuntu2604", "fancyNewKey": true');
    const value = expectOne(check(covered, 'main.json'), 'nodepool/invalid-value', rangeOf(covered, '"Ubuntu2604"'));
    assert.equal(value.severity, 'error');
    assert.equal(expectOne(check(covered, 'main.json'), 'nodepool/unknown-key', rangeOf(covered, '"fancyNewKey"')).severity, 'error');

    const newer = template('2099-01-01', '"osSKU": "Ubuntu2604", "fancyNewKey": true');
    assert.equal(expectOne(check(newer, 'main.json'), 'nodepool/unknown-value', rangeOf(newer, '"Ubuntu2604"')).severity, 'warning');
    assert.equal(expectOne(check(newer, 'main.json'), 'nodepool/unknown-key', rangeOf(newer, '"fancyNewKey"')).severity, 'warning');
  });

  it('refuses values Kubernetes and the kernel define whatever the version', () => {
    for (const version of ['2025-10-01', '2099-01-01']) {
      const text = template(
        version,
        '"kubeletConfig": { "cpuManagerPolicy": "Static", "topologyManagerPolicy": "numa" }, "linuxOSConfig": { "transparentHugePageEnabled": "sometimes" }',
      );
      const problems = check(text, 'main.json');
      for (const token of ['"Static"', '"numa"', '"sometimes"']) {
        assert.equal(at(problems, 'nodepool/invalid-value', rangeOf(text, token)).severity, 'error', `${version} ${token}`);
      }
    }
    // The pinned version applies to files that name none, such as the --kubelet-config file.
    const kubelet = withLine('', 'kubeletConfig:\n  cpuManagerPolicy: dynamic');
    assert.equal(expectOne(check(kubelet), 'nodepool/invalid-value', rangeOf(kubelet, 'dynamic')).severity, 'error');
  });

  it('checks the allowedValues of template parameters the pool uses', () => {
    const parameters = `{
    "osSku": { "type": "string", "defaultValue": "AzureLinux", "allowedValues": [ "AzureLinux", "Ubuntu", "Mariner2" ] },
    "cpuPolicy": { "type": "string", "allowedValues": [ "none", "exclusive" ] },
    "unused": { "type": "string", "allowedValues": [ "anything" ] }
  }`;
    const text = template(
      '2025-10-01',
      `"osSKU": "[parameters('osSku')]", "kubeletConfig": { "cpuManagerPolicy": "[parameters('cpuPolicy')]" }`,
      parameters,
    );
    const problems = check(text, 'main.json');
    const sku = at(problems, 'nodepool/parameter-value', rangeOf(text, '"Mariner2"'));
    assert.equal(sku.severity, 'error');
    assert.match(sku.message, /The template parameter 'osSku' allows 'Mariner2', which 'osSKU' does not accept/);
    assert.equal(at(problems, 'nodepool/parameter-value', rangeOf(text, '"exclusive"')).severity, 'error');
    assert.equal(problems.filter((problem) => problem.code === 'nodepool/parameter-value').length, 2);

    const newer = template('2099-01-01', `"osSKU": "[parameters('osSku')]"`, parameters);
    assert.equal(expectOne(check(newer, 'main.json'), 'nodepool/parameter-value', rangeOf(newer, '"Mariner2"')).severity, 'warning');
  });

  it('keeps host port ranges in order', () => {
    const text = withLine('', 'networkProfile:\n  allowedHostPorts:\n  - portStart: 8080\n    portEnd: 80\n    protocol: TCP');
    assert.equal(expectOne(check(text), 'nodepool/port-range-order', rangeOf(text, '8080')).severity, 'error');
  });
});
