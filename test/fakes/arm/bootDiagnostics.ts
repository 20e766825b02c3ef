/*
 * What boot diagnostics shows for a fake VM: the serial console log (a Linux boot ending at a login prompt and the
 * Azure Linux Agent starting, or, for a disk the firmware cannot boot, the UEFI firmware giving up; Hyper-V's Gen2
 * firmware is EDK2-based and prints its BdsDxe lines to the serial port) and the console screenshot, a BMP as
 * managed boot diagnostics stores it (`<vm>.<vmId>.screenshot.bmp`). The extension never parses these texts; they
 * only have to look like what a person would read there.
 */

export function bootLogLines(computerName: string, bootable: boolean): string[] {
  if (!bootable) {
    return [
      'BdsDxe: failed to load Boot0001 "UEFI Microsoft Virtual Disk" from VMBus(...)/Scsi(0x0,0x0): Not Found',
      'BdsDxe: No bootable option or device was found.',
      'BdsDxe: Press any key to enter the Boot Manager Menu.',
    ];
  }
  return [
    '[    0.000000] Linux version 6.6.64.2-1.azl3 (root@azurelinux) (gcc (GCC) 13.2.0) #1 SMP PREEMPT_DYNAMIC',
    '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz root=PARTUUID=... console=ttyS0,115200n8 earlyprintk=ttyS0',
    '[    0.120000] efi: EFI v2.7 by Microsoft',
    '[    1.400000] hv_vmbus: Vmbus version:5.3',
    '[    2.100000] sd 0:0:0:0: [sda] Attached SCSI disk',
    '[    3.500000] EXT4-fs (sda2): mounted filesystem with ordered data mode.',
    '[  OK  ] Reached target Multi-User System.',
    '         Starting Azure Linux Agent...',
    '[  OK  ] Started Azure Linux Agent.',
    '',
    `Azure Linux 3.0 ${computerName} ttyS0`,
    '',
    `${computerName} login: `,
  ];
}

/** A small 24-bit BMP (BITMAPFILEHEADER + BITMAPINFOHEADER, bottom-up rows padded to 4 bytes). */
export function consoleScreenshot(bootable: boolean): Buffer {
  const width = 8;
  const height = 4;
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = rowBytes * height;
  const file = Buffer.alloc(54 + pixels);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(pixels, 34);
  file.writeInt32LE(2835, 38);
  file.writeInt32LE(2835, 42);
  // Black text console when it booted; the firmware's blue-grey boot summary when it did not (B, G, R).
  const [b, g, r] = bootable ? [0, 0, 0] : [128, 64, 32];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) file.set([b, g, r], 54 + y * rowBytes + x * 3);
  }
  return file;
}
