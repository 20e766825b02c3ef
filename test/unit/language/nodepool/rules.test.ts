import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodePoolNameError, suggestNodePoolName } from '../../../../src/language/core/nodepool';
import { vcpusOf } from '../../../../src/language/core/nodepool/rules';
import { applyEdits, check, expectClean, expectOne, rangeAfter, rangeOf, validPoolYaml, withLine } from './helpers';

const windowsPool = `name: win1
osType: Windows
osSKU: Windows2022
mode: User
count: 2
vmSize: Standard_D4s_v5
kubeletConfig:
  imageGcHighThreshold: 85
  imageGcLowThreshold: 80
  containerLogMaxSizeMB: 20
  containerLogMaxFiles: 6
`;

describe('node-pool rules', () => {
  it('accepts a complete, valid Azure Linux pool and a valid Windows pool', () => {
    expectClean(check(validPoolYaml));
    expectClean(check(windowsPool));
  });

  describe('nodepool/invalid-name', () => {
    it('flags the name from the Azure Linux tutorial and fixes it to a valid one', () => {
      const text = withLine('name: alpool', 'name: ALnodepool');
      const problem = expectOne(check(text), 'nodepool/invalid-name', rangeOf(text, 'ALnodepool'));
      assert.equal(problem.severity, 'error');
      assert.match(
        problem.message,
        /Node pool name 'ALnodepool' is not valid\. It must start with a lowercase letter\. It has uppercase letters\. Use 1 to 12 lowercase letters/,
      );
      const fixed = applyEdits(text, problem.fixes![0].edits);
      assert.match(fixed, /^name: alnodepool$/m);
      expectClean(check(fixed));
    });

    it('limits Linux names to 12 characters and Windows names to 6', () => {
      const long = withLine('name: alpool', 'name: averylongpool1');
      const problem = expectOne(check(long), 'nodepool/invalid-name', rangeOf(long, 'averylongpool1'));
      assert.match(problem.message, /14 characters, more than 12/);
      assert.equal(applyEdits(long, problem.fixes![0].edits).includes('name: averylongpoo\n'), true);

      const windows = windowsPool.replace('name: win1', 'name: winpool1');
      const windowsProblem = expectOne(check(windows), 'nodepool/invalid-name', rangeOf(windows, 'winpool1'));
      assert.match(
        windowsProblem.message,
        /^Windows node pool name 'winpool1' is not valid\. It has 8 characters, more than 6 \(the limit for Windows pools\)/,
      );
      assert.equal(windowsProblem.fixes![0].edits[0].newText, 'winpoo');
    });

    it('checks the last segment of an ARM child resource name, keeps the quotes and the cluster prefix in the fix', () => {
      const text = armAgentPool('"myCluster/User_Pool1"', { count: 2 });
      const problem = expectOne(check(text, 'azuredeploy.json'), 'nodepool/invalid-name', rangeOf(text, '"myCluster/User_Pool1"'));
      assert.equal(problem.fixes![0].edits[0].newText, '"myCluster/userpool1"');
      expectClean(check(armAgentPool('"myCluster/userpool1"', { count: 2 }), 'azuredeploy.json'));
      expectClean(check(armAgentPool(`"[concat(parameters('clusterName'), '/np1')]"`, { count: 2 }), 'azuredeploy.json'));
    });

    it('has pure helpers for input boxes', () => {
      assert.equal(nodePoolNameError('np1', false), undefined);
      assert.equal(nodePoolNameError('1pool', false)?.includes('must start with a lowercase letter'), true);
      assert.equal(suggestNodePoolName('9-My Pool!', false), 'mypool');
      assert.equal(suggestNodePoolName('___', true), 'npwin');
    });
  });

  describe('nodepool/duplicate-name and nodepool/no-system-pool', () => {
    const cluster = (first: string, second: string, secondMode = 'User') =>
      JSON.stringify(
        {
          properties: {
            kubernetesVersion: '1.33',
            agentPoolProfiles: [
              { name: first, mode: 'System', count: 3, vmSize: 'Standard_D4s_v5' },
              { name: second, mode: secondMode, count: 1 },
            ],
          },
        },
        null,
        2,
      );

    it('accepts distinct names with a System pool', () => {
      expectClean(check(cluster('system', 'user'), 'cluster.json'));
    });

    it('flags a name used twice, at the second use', () => {
      const text = cluster('pool', 'pool');
      const problem = expectOne(check(text, 'cluster.json'), 'nodepool/duplicate-name', rangeOf(text, '"pool"', 1));
      assert.equal(problem.message, "Node pool name 'pool' is used by another pool of this cluster; each pool needs its own name.");
    });

    it('flags a cluster whose pools all state a mode and none is System', () => {
      const text = cluster('one', 'two').replace('"System"', '"User"');
      const problem = expectOne(check(text, 'cluster.json'), 'nodepool/no-system-pool', rangeOf(text, '"User"'));
      assert.equal(problem.message, "The cluster has no System node pool; at least one pool needs 'mode: System'.");
    });
  });

  describe('autoscaling', () => {
    it('nodepool/autoscale-bounds-missing: enableAutoScaling without maxCount', () => {
      const text = withLine('maxCount: 5\n', '');
      const problem = expectOne(check(text), 'nodepool/autoscale-bounds-missing', rangeOf(text, 'enableAutoScaling'));
      assert.equal(problem.message, "Autoscaling needs both 'minCount' and 'maxCount'; 'maxCount' is missing.");
    });

    it('nodepool/autoscale-min-above-max', () => {
      const text = withLine('minCount: 1', 'minCount: 7');
      const problem = expectOne(check(text), 'nodepool/autoscale-min-above-max', rangeOf(text, '7'));
      assert.equal(problem.message, "'minCount' (7) is greater than 'maxCount' (5); it must be less than or equal.");
    });

    it('nodepool/autoscale-count-out-of-range', () => {
      const text = withLine('count: 3', 'count: 9');
      const problem = expectOne(check(text), 'nodepool/autoscale-count-out-of-range', rangeOf(text, '9'));
      assert.equal(problem.message, "'count' (9) must be between 'minCount' (1) and 'maxCount' (5) when autoscaling is enabled.");
      expectClean(check(withLine('count: 3', 'count: 5')));
    });

    it('nodepool/autoscale-bounds-unused: bounds without autoscaling are a warning on each key', () => {
      const text = withLine('enableAutoScaling: true', 'enableAutoScaling: false');
      const problems = check(text).filter((problem) => problem.code === 'nodepool/autoscale-bounds-unused');
      assert.deepEqual(
        problems.map((problem) => [problem.severity, problem.range]),
        [
          ['warning', rangeOf(text, 'minCount')],
          ['warning', rangeOf(text, 'maxCount')],
        ],
      );
      expectClean(check(withLine('enableAutoScaling: true\nminCount: 1\nmaxCount: 5\n', 'enableAutoScaling: false\n')));
    });
  });

  describe('nodepool/system-pool-count', () => {
    it('a System pool needs at least one node; a User pool may have none', () => {
      const base = 'name: sys\nmode: System\ncount: 1\nvmSize: Standard_D4s_v5\n';
      expectClean(check(base));
      expectClean(check(base.replace('mode: System', 'mode: User').replace('count: 1', 'count: 0')));
      const text = base.replace('count: 1', 'count: 0');
      const problem = expectOne(check(text), 'nodepool/system-pool-count', rangeOf(text, '0'));
      assert.equal(problem.message, "A System pool needs at least 1 node: 'count' must be 1 to 1000, not 0.");
    });
  });

  describe('osSKU', () => {
    it('nodepool/os-sku-mismatch: a Windows SKU on a Linux pool, and a Linux SKU on a Windows pool', () => {
      const text = withLine('osSKU: AzureLinux', 'osSKU: Windows2022');
      const problem = expectOne(check(text), 'nodepool/os-sku-mismatch', rangeOf(text, 'Windows2022'));
      assert.equal(
        problem.message,
        "'osSKU: Windows2022' is a Windows SKU but 'osType' is Linux; set 'osType: Windows' or choose a Linux SKU.",
      );

      const linuxOnWindows = windowsPool.replace('osSKU: Windows2022', 'osSKU: AzureContainerLinux');
      const second = expectOne(check(linuxOnWindows), 'nodepool/os-sku-mismatch', rangeOf(linuxOnWindows, 'AzureContainerLinux'));
      assert.match(second.message, /^'osSKU: AzureContainerLinux' is a Linux SKU but 'osType' is Windows/);
    });

    it('nodepool/os-sku-mismatch: a Windows SKU with osType left to its Linux default', () => {
      const text = 'name: win\nosSKU: Windows2025\n';
      const problem = expectOne(check(text), 'nodepool/os-sku-mismatch', rangeOf(text, 'Windows2025'));
      assert.match(problem.message, /'osType' defaults to Linux/);
    });

    it('accepts every Azure Linux flavour on Linux', () => {
      for (const sku of ['AzureLinux', 'AzureLinux3', 'AzureContainerLinux', 'Ubuntu2404']) {
        expectClean(check(withLine('osSKU: AzureLinux', `osSKU: ${sku}`, withLine('"1.33"', '"1.34"'))));
      }
    });

    it('nodepool/deprecated-os-sku: Mariner and CBLMariner are a warning with a fix to AzureLinux', () => {
      const text = withLine('osSKU: AzureLinux', 'osSKU: CBLMariner');
      const problem = expectOne(check(text), 'nodepool/deprecated-os-sku', rangeOf(text, 'CBLMariner'));
      assert.equal(problem.severity, 'warning');
      assert.equal(problem.message, "'osSKU: CBLMariner' is deprecated; use 'AzureLinux'.");
      expectClean(check(applyEdits(text, problem.fixes![0].edits)));
    });

    it('refuses an unknown SKU for the pinned API version, with the closest known value as a fix', () => {
      const text = withLine('osSKU: AzureLinux', 'osSKU: AzureLinx');
      const problem = expectOne(check(text), 'nodepool/invalid-value', rangeOf(text, 'AzureLinx'));
      assert.equal(problem.severity, 'error');
      assert.equal(problem.fixes![0].edits[0].newText, 'AzureLinux');
    });

    it('knows the versioned OS Guard SKU', () => {
      expectClean(check(withLine('osSKU: AzureLinux', 'osSKU: AzureLinux3OSGuard')));
    });

    it('warns on a value spelt in another case, with the API spelling as the fix', () => {
      const text = withLine('osSKU: AzureLinux', 'osSKU: azurelinux');
      const problem = expectOne(check(text), 'nodepool/value-case', rangeOf(text, 'azurelinux'));
      assert.equal(problem.severity, 'warning');
      assert.equal(problem.fixes![0].edits[0].newText, 'AzureLinux');
    });
  });

  describe('System pools', () => {
    it('nodepool/system-pool-windows', () => {
      const text = windowsPool.replace('mode: User', 'mode: System');
      const problem = expectOne(check(text), 'nodepool/system-pool-windows', rangeOf(text, 'System'));
      assert.equal(problem.message, "A System pool must run Linux; make this a 'User' pool or use 'osType: Linux'.");
    });

    it('nodepool/system-pool-vm-size: a 1-vCPU size is a warning; 2 vCPUs are fine', () => {
      const base = withLine('mode: User', 'mode: System');
      expectClean(check(base));
      const text = withLine('vmSize: Standard_D4s_v5', 'vmSize: Standard_B1ms', base);
      const problem = expectOne(check(text), 'nodepool/system-pool-vm-size', rangeOf(text, 'Standard_B1ms'));
      assert.equal(problem.severity, 'warning');
      assert.equal(vcpusOf('Standard_E4-2s_v3'), 2);
      assert.equal(vcpusOf('Standard_NC24ads_A100_v4'), 24);
      assert.equal(vcpusOf('custom'), undefined);
    });
  });

  describe('nodepool/zones-need-scale-set', () => {
    it('zones with an availability set are an error; with scale sets they are fine', () => {
      expectClean(check(withLine('', 'type: VirtualMachineScaleSets')));
      const text = withLine('', 'type: AvailabilitySet');
      const problem = expectOne(check(text), 'nodepool/zones-need-scale-set', rangeOf(text, 'availabilityZones'));
      assert.equal(problem.message, "'availabilityZones' can only be set when 'type' is VirtualMachineScaleSets, not AvailabilitySet.");
      const vms = withLine('', 'type: VirtualMachines');
      assert.equal(expectOne(check(vms), 'nodepool/zones-need-scale-set', rangeOf(vms, 'availabilityZones')).severity, 'warning');
    });
  });

  describe('nodepool/spot-settings', () => {
    it('accepts a Spot user pool with eviction policy and -1 price', () => {
      expectClean(check(withLine('', 'scaleSetPriority: Spot\nscaleSetEvictionPolicy: Delete\nspotMaxPrice: -1')));
      expectClean(check(withLine('', 'scaleSetPriority: Spot\nspotMaxPrice: 0.05')));
    });

    it('warns on Spot-only settings without Spot (the API takes them; Microsoft templates set the default policy)', () => {
      const text = withLine('', 'scaleSetEvictionPolicy: Deallocate');
      const problem = expectOne(check(text), 'nodepool/spot-settings', rangeOf(text, 'scaleSetEvictionPolicy'));
      assert.equal(problem.severity, 'warning');
      assert.equal(problem.message, "'scaleSetEvictionPolicy' has an effect only when 'scaleSetPriority' is Spot.");
    });

    it('flags a max price of 0', () => {
      const text = withLine('', 'scaleSetPriority: Spot\nspotMaxPrice: 0');
      const problem = expectOne(check(text), 'nodepool/spot-settings', rangeAfter(text, 'spotMaxPrice:', '0'));
      assert.match(problem.message, /must be -1 .* or greater than 0, not 0/);
    });

    it('flags a Spot System pool', () => {
      const text = withLine('mode: User', 'mode: System', withLine('', 'scaleSetPriority: Spot'));
      const problem = expectOne(check(text), 'nodepool/spot-settings', rangeOf(text, 'Spot'));
      assert.match(problem.message, /^A System pool cannot use Spot VMs/);
    });
  });

  describe('nodepool/max-pods-range', () => {
    it('accepts 10 and 250, flags 5 and 300', () => {
      expectClean(check(withLine('maxPods: 110', 'maxPods: 10')));
      expectClean(check(withLine('maxPods: 110', 'maxPods: 250')));
      for (const bad of ['5', '300']) {
        const text = withLine('maxPods: 110', `maxPods: ${bad}`);
        const problem = expectOne(check(text), 'nodepool/max-pods-range', rangeAfter(text, 'maxPods:', bad));
        assert.equal(problem.message, `'maxPods' must be between 10 and 250 pods per node, not ${bad}.`);
      }
    });
  });

  describe('nodepool/invalid-taint', () => {
    it('flags a taint without an effect', () => {
      const text = withLine('  - sku=gpu:NoSchedule', '  - sku=gpu');
      const problem = expectOne(check(text), 'nodepool/invalid-taint', rangeOf(text, 'sku=gpu'));
      assert.equal(problem.message, "Taint 'sku=gpu' is not valid. It has no ':Effect'. Write taints as key=value:Effect.");
    });

    it('fixes the effect’s capitalisation', () => {
      const text = withLine('  - sku=gpu:NoSchedule', '  - sku=gpu:noschedule');
      const problem = expectOne(check(text), 'nodepool/invalid-taint', rangeOf(text, 'sku=gpu:noschedule'));
      expectClean(check(applyEdits(text, problem.fixes![0].edits)));
    });

    it('flags a bad key in nodeInitializationTaints', () => {
      const text = withLine('', 'nodeInitializationTaints:\n  - "bad key=x:NoExecute"');
      const problem = expectOne(check(text), 'nodepool/invalid-taint', rangeOf(text, '"bad key=x:NoExecute"'));
      assert.match(problem.message, /The name 'bad key' must be 1 to 63 letters/);
    });
  });

  describe('nodepool/invalid-label', () => {
    it('flags a bad key and a bad value at each', () => {
      const text = withLine('  team: payments', '  "team name": payments\n  owner: "-x"');
      const problems = check(text).filter((problem) => problem.code === 'nodepool/invalid-label');
      assert.deepEqual(
        problems.map((problem) => problem.range),
        [rangeOf(text, '"team name"'), rangeOf(text, '"-x"')],
      );
      assert.match(problems[0].message, /^Label key 'team name' is not valid/);
    });

    it('flags a bad prefix', () => {
      const text = withLine('  example.com/tier: backend', '  Example.com/tier: backend');
      const problem = expectOne(check(text), 'nodepool/invalid-label', rangeOf(text, 'Example.com/tier'));
      assert.match(problem.message, /The prefix 'Example\.com' must be a DNS subdomain/);
    });
  });

  describe('kubelet config', () => {
    it('nodepool/image-gc-thresholds: the low threshold may not exceed the high one', () => {
      const text = withLine('imageGcLowThreshold: 70', 'imageGcLowThreshold: 95');
      const problem = expectOne(check(text), 'nodepool/image-gc-thresholds', rangeOf(text, '95'));
      assert.equal(problem.message, "'imageGcLowThreshold' (95) must not be higher than 'imageGcHighThreshold' (90).");
    });

    it('nodepool/eviction-threshold: percentages up to 100%', () => {
      const ok = withLine(
        '  podMaxPids: -1',
        '  podMaxPids: -1\n  hardEvictionThreshold:\n    memoryAvailable: 500Mi\n    nodeFsInodesFree: 5%',
      );
      expectClean(check(ok));
      const text = withLine('memoryAvailable: 500Mi', 'memoryAvailable: 120%', ok);
      const problem = expectOne(check(text), 'nodepool/eviction-threshold', rangeOf(text, '120%'));
      assert.equal(problem.message, "'memoryAvailable' is 120%; a percentage must be at most 100%.");
    });

    it('checks ranges and allowed values through the schema', () => {
      const text = withLine('containerLogMaxFiles: 5', 'containerLogMaxFiles: 1');
      const problem = expectOne(check(text), 'nodepool/invalid-value', rangeAfter(text, 'containerLogMaxFiles:', '1'));
      assert.match(problem.message, /below the minimum 2/);
      const sysctl = withLine('["kernel.msg*", "net.*"]', '["kernel.msg*", "vm.swappiness"]');
      expectOne(check(sysctl), 'nodepool/invalid-value', rangeOf(sysctl, '"vm.swappiness"'));
    });

    it('nodepool/windows-kubelet-setting: Windows pools take only four kubelet settings', () => {
      const text = windowsPool.replace('  containerLogMaxFiles: 6', '  containerLogMaxFiles: 6\n  cpuManagerPolicy: static');
      const problem = expectOne(check(text), 'nodepool/windows-kubelet-setting', rangeOf(text, 'cpuManagerPolicy'));
      assert.match(problem.message, /^Windows node pools do not support the kubelet setting 'cpuManagerPolicy'; only imageGcHighThreshold/);
    });

    it('nodepool/linux-only-setting: linuxOSConfig on a Windows pool', () => {
      const text = windowsPool + 'linuxOSConfig:\n  swapFileSizeMB: 100\n';
      const problem = expectOne(check(text), 'nodepool/linux-only-setting', rangeOf(text, 'linuxOSConfig'));
      assert.equal(problem.message, "'linuxOSConfig' is for Linux nodes; Windows node pools do not support it.");
    });
  });

  describe('sysctls', () => {
    it('nodepool/sysctl-range: outside the documented range is a warning', () => {
      const text = withLine('netCoreSomaxconn: 163849', 'netCoreSomaxconn: 100');
      const problem = expectOne(check(text), 'nodepool/sysctl-range', rangeAfter(text, 'netCoreSomaxconn:', '100'));
      assert.equal(problem.severity, 'warning');
      assert.equal(problem.message, "'netCoreSomaxconn' (net.core.somaxconn) is 100; AKS documents 4096 to 3240000.");
    });

    it('nodepool/sysctl-port-range: two ports, first not after last', () => {
      const reversed = withLine('"32000 60000"', '"60000 40000"');
      expectOne(check(reversed), 'nodepool/sysctl-port-range', rangeOf(reversed, '"60000 40000"'));
      const malformed = withLine('"32000 60000"', '"32000-60000"');
      const problem = expectOne(check(malformed), 'nodepool/sysctl-port-range', rangeOf(malformed, '"32000-60000"'));
      assert.equal(problem.severity, 'error');
      const outside = withLine('"32000 60000"', '"80 90"');
      assert.equal(expectOne(check(outside), 'nodepool/sysctl-port-range', rangeOf(outside, '"80 90"')).severity, 'warning');
    });
  });

  describe('Azure Container Linux', () => {
    const acl = withLine(
      'orchestratorVersion: "1.33"',
      'orchestratorVersion: "1.34"',
      withLine('osSKU: AzureLinux', 'osSKU: AzureContainerLinux'),
    );

    it('accepts an ACL pool on 1.34 with Trusted Launch', () => {
      expectClean(check(withLine('', 'securityProfile:\n  enableSecureBoot: true\n  enableVTPM: true', acl)));
    });

    it('nodepool/acl-trusted-launch: Secure Boot and vTPM cannot be turned off', () => {
      const text = withLine('', 'securityProfile:\n  enableVTPM: false', acl);
      const problem = expectOne(check(text), 'nodepool/acl-trusted-launch', rangeAfter(text, 'enableVTPM:', 'false'));
      assert.equal(
        problem.message,
        "Azure Container Linux requires Trusted Launch with Secure Boot and vTPM; 'enableVTPM' cannot be false.",
      );
    });

    it('nodepool/acl-unsupported-feature: artifact streaming and pod sandboxing', () => {
      const streaming = withLine('', 'artifactStreamingProfile:\n  enabled: true', acl);
      expectOne(check(streaming), 'nodepool/acl-unsupported-feature', rangeAfter(streaming, 'enabled:', 'true'));
      const kata = withLine('', 'workloadRuntime: KataMshvVmIsolation', acl);
      const problem = expectOne(check(kata), 'nodepool/acl-unsupported-feature', rangeOf(kata, 'KataMshvVmIsolation'));
      assert.match(problem.message, /does not support pod sandboxing/);
      // The same settings are fine on Azure Linux.
      expectClean(check(withLine('', 'artifactStreamingProfile:\n  enabled: true')));
    });

    it('nodepool/acl-kubernetes-version: before 1.34 is a warning', () => {
      const text = withLine('"1.34"', '"1.31"', acl);
      const problem = expectOne(check(text), 'nodepool/acl-kubernetes-version', rangeOf(text, '"1.31"'));
      assert.equal(problem.severity, 'warning');
    });

    it('nodepool/acl-os-upgrade-channel: only NodeImage and None on the cluster', () => {
      const cluster = (channel: string) =>
        JSON.stringify(
          {
            properties: {
              autoUpgradeProfile: { nodeOSUpgradeChannel: channel },
              agentPoolProfiles: [{ name: 'acl', mode: 'System', osSKU: 'AzureContainerLinux', count: 3 }],
            },
          },
          null,
          2,
        );
      expectClean(check(cluster('NodeImage'), 'cluster.json'));
      const text = cluster('SecurityPatch');
      const problem = expectOne(check(text, 'cluster.json'), 'nodepool/acl-os-upgrade-channel', rangeOf(text, '"SecurityPatch"'));
      assert.equal(
        problem.message,
        "Azure Container Linux node pools support only the 'NodeImage' and 'None' OS upgrade channels, not 'SecurityPatch'.",
      );
    });
  });

  describe('nodepool/azure-linux-2-retired', () => {
    it('AzureLinux before Kubernetes 1.32 means Azure Linux 2.0; AzureLinux3 pins 3.0', () => {
      const text = withLine('orchestratorVersion: "1.33"', 'orchestratorVersion: "1.30"');
      const problem = expectOne(check(text), 'nodepool/azure-linux-2-retired', rangeOf(text, '"1.30"'));
      assert.equal(problem.severity, 'warning');
      expectClean(check(withLine('osSKU: AzureLinux', 'osSKU: AzureLinux3', text)));
    });
  });

  describe('nodepool/gateway-profile-mode', () => {
    it('gatewayProfile needs mode Gateway', () => {
      expectClean(check(withLine('mode: User', 'mode: Gateway', withLine('', 'gatewayProfile:\n  publicIPPrefixSize: 30'))));
      const text = withLine('', 'gatewayProfile:\n  publicIPPrefixSize: 30');
      const problem = expectOne(check(text), 'nodepool/gateway-profile-mode', rangeOf(text, 'gatewayProfile'));
      assert.equal(problem.message, "'gatewayProfile' can only be set when 'mode' is Gateway, not User.");
    });
  });
});

describe('what the AKS API examples send', () => {
  it('an empty orchestratorVersion (the control plane version)', () => {
    expectClean(check(withLine('orchestratorVersion: "1.33"', 'orchestratorVersion: ""')));
  });

  it('no range on net.core.rmem_default and wmem_default (the API sets none, and answers 65536)', () => {
    expectClean(check(withLine('  sysctls:', '  sysctls:\n    netCoreWmemDefault: 12345\n    netCoreRmemDefault: 65536')));
  });

  it('maxSurge and maxUnavailable as numbers or percentages in an ARM template, where every value may also be an expression', () => {
    const text = armAgentPool(`"[concat(parameters('clusterName'), '/pool1')]"`, {
      vmSize: 'Standard_D4s_v5',
      count: 3,
      upgradeSettings: { maxSurge: '33%', maxUnavailable: '1' },
    });
    expectClean(check(text, 'template.json'));
  });

  it('a count written as a string in an ARM template is the wrong type, said as such', () => {
    const text = armAgentPool(`"[concat(parameters('clusterName'), '/pool1')]"`, { vmSize: 'Standard_D4s_v5', count: '3' });
    const problem = expectOne(check(text, 'template.json'), 'nodepool/invalid-type', rangeOf(text, '"3"'));
    assert.equal(problem.message, 'Expected an integer or an ARM template expression for count, found a quoted string.');
  });
});

/** An ARM template with one agentPools resource. */
function armAgentPool(nameJson: string, properties: Record<string, unknown>): string {
  return `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "clusterName": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters/agentPools",
      "apiVersion": "2024-09-01",
      "name": ${nameJson},
      "properties": ${JSON.stringify(properties)}
    }
  ]
}
`;
}
