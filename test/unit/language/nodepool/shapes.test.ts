import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, completionsAt, hoverAt, parseConfig } from '../../../../src/language/core/index';
import { nodePoolFormat } from '../../../../src/language/core/nodepool';
import { agentPoolBodySchema, agentPoolProfileSchema, armTolerant } from '../../../../src/language/core/nodepool/schema';
import type { Schema } from '../../../../src/language/core/types';
import { check, expectClean, expectOne, rangeOf } from './helpers';

/** The kind `analyze` gives a file by content alone (a name that no pattern matches). */
function kindOf(text: string, fileName: string): string | undefined {
  return analyze(text, { fileName }).kind;
}

const armHeader = `"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",`;

const shapes: Record<string, { text: string; fileName: string }> = {
  'a REST body': {
    fileName: 'body.json',
    text: JSON.stringify(
      { properties: { count: 3, vmSize: 'Standard_D4s_v5', osType: 'Linux', osSKU: 'AzureLinux', mode: 'User' } },
      null,
      2,
    ),
  },
  'a saved GET of an agent pool': {
    fileName: 'pool.json',
    text: JSON.stringify(
      {
        id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/alpool',
        name: 'alpool',
        type: 'Microsoft.ContainerService/managedClusters/agentPools',
        properties: {
          count: 3,
          vmSize: 'Standard_D4s_v5',
          osSKU: 'AzureContainerLinux',
          orchestratorVersion: '1.34',
          provisioningState: 'Succeeded',
          nodeImageVersion: 'x',
        },
      },
      null,
      2,
    ),
  },
  'flat YAML properties': {
    fileName: 'pools/gpu.yaml',
    text: 'name: gpupool\nvmSize: Standard_NC6s_v3\nosSKU: AzureLinux\ncount: 2\nnodeTaints:\n  - sku=gpu:NoSchedule\n',
  },
  'YAML with properties:': {
    fileName: 'pool.yml',
    text: '# exported from the portal\nproperties:\n  count: 3\n  vmSize: Standard_D4s_v5\n  osSKU: AzureLinux3\n',
  },
  'an ARM agentPools resource': {
    fileName: 'azuredeploy.json',
    text: `{
  ${armHeader}
  "parameters": { "clusterName": { "type": "string" }, "nodeCount": { "type": "int" } },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "apiVersion": "2024-09-01",
      "name": "[format('{0}/{1}', parameters('clusterName'), 'alpool')]",
      "properties": { "count": "[parameters('nodeCount')]", "vmSize": "Standard_D4s_v5", "osSKU": "AzureLinux", "mode": "User" }
    }
  ]
}`,
  },
  'an ARM managed cluster with agentPoolProfiles': {
    fileName: 'main.json',
    text: `{
  ${armHeader}
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-09-01",
      "name": "aks",
      "location": "[resourceGroup().location]",
      "properties": {
        "dnsPrefix": "aks",
        "agentPoolProfiles": [
          { "name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5", "osType": "Linux", "osSKU": "AzureContainerLinux" }
        ]
      }
    }
  ]
}`,
  },
  'an ARM template with nested agentPools and symbolic resources': {
    fileName: 'main.json',
    text: `{
  ${armHeader}
  "languageVersion": "2.0",
  "resources": {
    "aks": {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-09-01",
      "name": "aks",
      "properties": { "agentPoolProfiles": [ { "name": "sys", "mode": "System", "count": 1 } ] },
      "resources": [ { "type": "agentPools", "apiVersion": "2024-09-01", "name": "user1", "properties": { "count": 2, "osSKU": "AzureLinux" } } ]
    }
  }
}`,
  },
  'a --kubelet-config file': {
    fileName: 'linuxkubeletconfig.json',
    text: `{
 "cpuManagerPolicy": "static",
 "cpuCfsQuota": true,
 "cpuCfsQuotaPeriod": "200ms",
 "imageGcHighThreshold": 90,
 "imageGcLowThreshold": 70,
 "topologyManagerPolicy": "best-effort",
 "allowedUnsafeSysctls": ["kernel.msg*", "net.*"],
 "failSwapOn": false
}`,
  },
  'a --linux-os-config file': {
    fileName: 'linuxosconfig.json',
    text: `{
 "transparentHugePageEnabled": "madvise",
 "transparentHugePageDefrag": "defer+madvise",
 "swapFileSizeMB": 1500,
 "sysctls": { "netCoreSomaxconn": 163849, "netIpv4TcpTwReuse": true, "netIpv4IpLocalPortRange": "32000 60000" }
}`,
  },
  'a Windows --kubelet-config file in YAML': {
    fileName: 'windowskubelet.yaml',
    text: 'imageGcHighThreshold: 90\nimageGcLowThreshold: 70\ncontainerLogMaxSizeMB: 20\ncontainerLogMaxFiles: 6\n',
  },
};

const unrelated: Record<string, { text: string; fileName: string }> = {
  'a Kubernetes Deployment': {
    fileName: 'deploy.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      nodeSelector:\n        agentpool: alpool\n      tolerations:\n        - key: sku\n          operator: Equal\n',
  },
  "a Kubernetes KubeletConfiguration (same keys as AKS's kubelet config)": {
    fileName: 'kubelet.yaml',
    text: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncpuManagerPolicy: static\nfailSwapOn: false\ntopologyManagerPolicy: best-effort\n',
  },
  'a compose file': {
    fileName: 'compose.yaml',
    text: 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    deploy:\n      replicas: 2\n',
  },
  'an ARM template without agent pools': {
    fileName: 'storage.json',
    text: `{
  ${armHeader}
  "resources": [ { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st", "sku": { "name": "Standard_LRS" }, "kind": "StorageV2", "properties": { "count": 1, "type": "x" } } ]
}`,
  },
  'package.json': {
    fileName: 'package.json',
    text: JSON.stringify(
      { name: 'x', version: '1.0.0', type: 'module', scripts: { test: 'node --test' }, dependencies: { yaml: '^2' } },
      null,
      2,
    ),
  },
  'tsconfig.json': {
    fileName: 'tsconfig.json',
    text: '{\n  // comments are fine\n  "compilerOptions": { "strict": true, "target": "ES2022" },\n  "include": ["src"]\n}\n',
  },
  'an Image Customizer config': {
    fileName: 'image.yaml',
    text: 'storage:\n  disks:\n    - partitionTableType: gpt\n      maxSize: 4G\nos:\n  hostname: demo\n  packages:\n    install: [vim]\n',
  },
  'a JSON schema with a properties map': {
    fileName: 'schema.json',
    text: JSON.stringify(
      { type: 'object', properties: { count: { type: 'integer' }, mode: { type: 'string' }, tags: { type: 'object' } } },
      null,
      2,
    ),
  },
  'an empty document': { fileName: 'empty.yaml', text: '' },
  'a YAML list': { fileName: 'list.yaml', text: '- vmSize: Standard_D4s_v5\n- osSKU: AzureLinux\n' },
};

describe('node-pool shapes', () => {
  for (const [name, { text, fileName }] of Object.entries(shapes)) {
    it(`recognises ${name} by content and finds nothing wrong in it`, () => {
      assert.equal(kindOf(text, fileName), 'nodepool');
      const document = parseConfig(text, fileName).documents[0];
      assert.equal(nodePoolFormat.recognizes(document), true);
      assert.ok(nodePoolFormat.anchors(document).length > 0);
      assert.deepEqual(nodePoolFormat.fileReferences(document), []);
      expectClean(analyze(text, { fileName }).problems);
    });
  }

  for (const [name, { text, fileName }] of Object.entries(unrelated)) {
    it(`does not claim ${name}`, () => {
      assert.notEqual(kindOf(text, fileName), 'nodepool');
      for (const document of parseConfig(text, fileName).documents) assert.equal(nodePoolFormat.recognizes(document), false);
    });
  }

  it('finds each pool of an ARM template, and problems in the right one', () => {
    const text = shapes['an ARM template with nested agentPools and symbolic resources'].text.replace(
      '"name": "user1"',
      '"name": "User-1"',
    );
    const problem = expectOne(check(text, 'main.json'), 'nodepool/invalid-name', rangeOf(text, '"User-1"'));
    assert.equal(problem.fixes![0].edits[0].newText, '"user1"');
  });

  it('follows ARM copy loops over agentPoolProfiles', () => {
    const text = `{
  ${armHeader}
  "resources": [ { "type": "Microsoft.ContainerService/managedClusters", "name": "aks", "properties": {
    "copy": [ { "name": "agentPoolProfiles", "count": "[length(parameters('pools'))]", "input": { "name": "[parameters('pools')[copyIndex('agentPoolProfiles')]]", "maxPods": 500 } } ]
  } } ]
}`;
    expectOne(check(text, 'main.json'), 'nodepool/max-pods-range', rangeOf(text, '500'));
  });

  it('never flags ARM expressions, wherever a value goes, but still checks literal values beside them', () => {
    const text = `{
  ${armHeader}
  "resources": [ {
    "type": "Microsoft.ContainerService/managedClusters/agentPools",
    "name": "[concat(parameters('c'), '/', parameters('pool'))]",
    "properties": {
      "count": "[parameters('count')]",
      "enableAutoScaling": "[parameters('autoscale')]",
      "minCount": "[if(parameters('autoscale'), 1, null())]",
      "maxCount": "[if(parameters('autoscale'), 5, null())]",
      "availabilityZones": "[parameters('zones')]",
      "nodeLabels": "[parameters('labels')]",
      "nodeTaints": [ "[parameters('taint')]" ],
      "kubeletConfig": { "imageGcHighThreshold": "[variables('high')]", "imageGcLowThreshold": 95 },
      "osSKU": "Ubunto"
    }
  } ]
}`;
    const problems = check(text, 'template.json');
    const problem = expectOne(problems, 'nodepool/invalid-value', rangeOf(text, '"Ubunto"'));
    assert.equal(problem.fixes![0].edits[0].newText, '"Ubuntu"');
    assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => p.message)));
  });

  it('does not accept ARM expressions outside ARM templates', () => {
    const text = JSON.stringify({ properties: { count: "[parameters('n')]", vmSize: 'Standard_D4s_v5' } }, null, 2);
    expectOne(check(text, 'body.json'), 'nodepool/invalid-type', rangeOf(text, `"[parameters('n')]"`));
  });

  it('checks a *.nodepool.yaml file even when its content alone would not be claimed', () => {
    const text = 'count: 3\ntype: AvailabilitySet\nzones: [1]\n';
    assert.equal(kindOf(text, 'x.yaml'), undefined);
    expectOne(check(text, 'x.nodepool.yaml'), 'nodepool/unknown-key', rangeOf(text, 'zones'));
  });

  it('checks each document of a multi-document YAML file', () => {
    const text = 'name: one\nvmSize: Standard_D4s_v5\nosSKU: AzureLinux\n---\nname: Two\nvmSize: Standard_D4s_v5\nosSKU: AzureLinux\n';
    expectOne(check(text, 'pools.yaml'), 'nodepool/invalid-name', rangeOf(text, 'Two'));
  });

  it('explains AzureLinux and AzureContainerLinux in hover and completion', () => {
    const text = 'name: acl\nvmSize: Standard_D4s_v5\nosSKU: AzureContainerLinux\n';
    const hover = hoverAt(text, text.indexOf('AzureContainerLinux') + 3, 'nodepool');
    assert.match(hover?.markdown ?? '', /Azure Container Linux \(ACL\).*immutable/);
    // The key's hover lists the values by name (short); each value's description is in its own hover and completion.
    const keyHover = hoverAt(text, text.indexOf('osSKU') + 1, 'nodepool');
    assert.match(keyHover?.markdown ?? '', /`AzureLinux`, `AzureLinux3`/);
    const values = completionsAt('osSKU: ', 7, 'nodepool');
    assert.match(values.find((entry) => entry.label === 'AzureLinux')?.documentation ?? '', /^\*\*Azure Linux\*\*/);
    const completions = completionsAt(text + 'kube', text.length + 4, 'nodepool');
    assert.ok(
      completions.some((entry) => JSON.stringify(entry).includes('kubeletConfig')),
      JSON.stringify(completions.slice(0, 3)),
    );
  });

  it('documents every key and every allowed value', () => {
    const missing: string[] = [];
    const walk = (schema: Schema, path: string) => {
      if (schema.type === 'object') {
        for (const [key, child] of Object.entries(schema.properties)) {
          if (!child.doc) missing.push(`${path}${key}`);
          walk(child, `${path}${key}.`);
        }
      } else if (schema.type === 'array') walk(schema.items, path);
      else if (schema.type === 'anyOf') schema.options.forEach((option) => walk(option, path));
      else if (schema.type === 'string') {
        for (const value of schema.enum ?? []) if (!schema.enumDocs?.[value]) missing.push(`${path}= ${value}`);
      }
    };
    walk(agentPoolBodySchema, '');
    walk(agentPoolProfileSchema, '');
    assert.deepEqual(missing, []);
  });

  it('keeps the real schema first in ARM-tolerant schemas, so messages and completion use it', () => {
    const tolerant = armTolerant(agentPoolProfileSchema);
    assert.equal(tolerant.type, 'anyOf');
    assert.equal(tolerant.type === 'anyOf' && tolerant.options[0].type, 'object');
    assert.equal(armTolerant(agentPoolProfileSchema), tolerant, 'cached');
  });
});
