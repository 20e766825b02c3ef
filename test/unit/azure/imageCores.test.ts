import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanSerialLog, screenshotType } from '../../../src/azure/core/bootDiagnostics';
import { nextImageVersion, validateGalleryName, validateImageDefinitionName, validateImageVersion } from '../../../src/azure/core/gallery';
import { Rollback } from '../../../src/azure/core/rollback';
import { consoleScreenshot } from '../../fakes/arm/bootDiagnostics';

describe('gallery names and versions', () => {
  it("follows Azure's naming rules for galleries and image definitions", () => {
    assert.equal(validateGalleryName('azl_images.v2'), undefined);
    assert.match(validateGalleryName('azl-images') ?? '', /cannot contain hyphens/);
    assert.match(validateGalleryName('_x') ?? '', /start and end/);
    assert.match(validateGalleryName('') ?? '', /Enter a name/);
    assert.match(validateGalleryName('a'.repeat(81)) ?? '', /at most 80/);
    assert.equal(validateImageDefinitionName('web-server_1.0'), undefined);
    assert.match(validateImageDefinitionName('web server') ?? '', /Use only/);
    assert.match(validateImageDefinitionName('web-') ?? '', /start and end/);
  });

  it('takes Major.Minor.Patch of 32-bit numbers, not one that exists, and proposes the next patch', () => {
    assert.equal(validateImageVersion('1.0.0'), undefined);
    assert.match(validateImageVersion('1.0') ?? '', /Major\.Minor\.Patch/);
    assert.match(validateImageVersion('v1.0.0') ?? '', /Major\.Minor\.Patch/);
    assert.match(validateImageVersion('1.0.2147483648') ?? '', /Major\.Minor\.Patch/);
    assert.match(validateImageVersion('1.0.0', ['1.0.0']) ?? '', /exists already/);
    assert.equal(nextImageVersion([]), '1.0.0');
    assert.equal(nextImageVersion(['1.0.9', '1.0.10', '0.9.0', 'latest']), '1.0.11', 'numeric order, not text order');
    assert.equal(nextImageVersion(['2.1.0', '10.0.3']), '10.0.4');
  });
});

describe('rollback', () => {
  const resource = (kind: string, name: string) => ({ kind, id: `/x/${name}`, name, type: `T/${kind}` });

  it('removes what was made newest first, goes on past a failure, and says what is left', async () => {
    const rollback = new Rollback();
    rollback.add(resource('resourceGroup', 'rg'));
    rollback.add(resource('disk', 'disk'));
    rollback.add(resource('gallery', 'gallery'));
    rollback.add(resource('disk', 'temp'));
    rollback.forget('/X/TEMP');
    const order: string[] = [];
    const left = await rollback.run(async (item) => {
      order.push(item.name);
      if (item.name === 'disk') throw new Error('409');
    });
    assert.deepEqual(order, ['gallery', 'disk', 'rg']);
    assert.deepEqual(
      left.map((item) => item.name),
      ['disk'],
    );
    assert.deepEqual(rollback.created, [], 'a rollback runs once');
  });
});

describe('boot diagnostics texts', () => {
  it('reads a serial log without terminal escapes, carriage returns or NULs', () => {
    const raw = '\u001b[0;32m[  OK  ]\u001b[0m Started Azure Linux Agent.\r\n\u001b]0;title\u0007login: \u0000\r\rdone';
    assert.equal(cleanSerialLog(raw), '[  OK  ] Started Azure Linux Agent.\nlogin: \n\ndone');
  });

  it('knows a screenshot by its first bytes', () => {
    assert.equal(screenshotType(consoleScreenshot(true)), 'bmp');
    assert.equal(screenshotType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), 'png');
    assert.equal(screenshotType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
    assert.equal(screenshotType(Buffer.from('<html>')), undefined);
  });
});
