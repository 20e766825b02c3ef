import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  sourcePrefixFor,
  validateAdminUsername,
  validateResourceGroupName,
  validateSourceAddress,
  validateVmName,
} from '../../../src/azure/core/names';

describe('VM name rules', () => {
  it('accepts Azure-valid Linux names up to 64 characters', () => {
    for (const name of ['vm1', 'azl-dev.box-2', 'a'.repeat(64), 'A1', '1vm']) {
      assert.equal(validateVmName(name), undefined, name);
    }
  });

  it('rejects empty, too long, bad characters, a leading underscore, a trailing period or hyphen, only digits', () => {
    const rejected = ['', 'a'.repeat(65), 'my vm', 'vm/1', 'vm@x', '_vm', 'vm.', 'vm-', '12345'];
    for (const name of rejected) {
      assert.equal(typeof validateVmName(name), 'string', name);
    }
    assert.match(validateVmName('a'.repeat(65))!, /65 characters/);
  });

  it('rejects an underscore anywhere, since the name is also the Linux host name', () => {
    for (const name of ['my_vm', '_vm', 'vm_']) {
      assert.match(validateVmName(name)!, /cannot contain an underscore/, name);
    }
    assert.match(validateVmName('-vm')!, /start with a letter or a digit/);
    assert.match(validateVmName('.vm')!, /start with a letter or a digit/);
  });

  it('rejects a name taken in the resource group, ignoring case', () => {
    assert.match(validateVmName('Web1', ['web1'])!, /already exists/);
    assert.equal(validateVmName('web2', ['web1']), undefined);
  });

  it('checks resource group names', () => {
    assert.equal(validateResourceGroupName('rg-(dev).1'), undefined);
    assert.equal(typeof validateResourceGroupName('rg.'), 'string');
    assert.equal(typeof validateResourceGroupName('r g'), 'string');
    assert.equal(typeof validateResourceGroupName('x'.repeat(91)), 'string');
  });

  it('checks admin user names, including the ones Azure reserves', () => {
    assert.equal(validateAdminUsername('azureuser'), undefined);
    assert.match(validateAdminUsername('root')!, /reserved/);
    assert.match(validateAdminUsername('admin')!, /reserved/);
    assert.equal(typeof validateAdminUsername('Azure'), 'string');
    assert.equal(typeof validateAdminUsername('1user'), 'string');
  });

  it('accepts one address or a narrow prefix for SSH, never the whole internet', () => {
    assert.equal(validateSourceAddress('203.0.113.7'), undefined);
    assert.equal(validateSourceAddress('203.0.113.0/24'), undefined);
    assert.equal(typeof validateSourceAddress('0.0.0.0/0'), 'string');
    assert.equal(typeof validateSourceAddress('300.1.1.1'), 'string');
    assert.equal(typeof validateSourceAddress('example.com'), 'string');
    assert.equal(sourcePrefixFor('203.0.113.7'), '203.0.113.7/32');
    assert.equal(sourcePrefixFor('203.0.113.0/24'), '203.0.113.0/24');
  });
});

describe('input rules word their sentences with the translate function', () => {
  it('passes the sentence and its values to it', () => {
    const seen: unknown[][] = [];
    const record = {
      t: (message: string, ...args: Array<string | number | boolean>) => {
        seen.push([message, ...args]);
        return 'translated';
      },
    };
    assert.equal(validateVmName('a'.repeat(65), [], record), 'translated');
    assert.equal(validateAdminUsername('root', record), 'translated');
    assert.deepEqual(seen, [
      ['The name is {0} characters long; a Linux VM name can have at most 64.', 65],
      ['"{0}" is reserved by Azure; choose another user name.', 'root'],
    ]);
  });
});
