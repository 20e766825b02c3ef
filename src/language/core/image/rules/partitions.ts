import { valueOf } from '../../syntax';
import type { L10n, MapNode, Range, Rule, RuleContext } from '../../types';
import {
  error,
  field,
  formatSize,
  has,
  headOf,
  keyRangeOf,
  mapAt,
  mapItems,
  MIB,
  parseDiskSize,
  quote,
  rootMap,
  valueRange,
} from '../model';

/** GPT names are 36 UTF-16 units with a terminator; upstream also keeps them ASCII for the tools it drives. */
const MAX_LABEL_LENGTH = 35;
/** The GPT header (34 sectors) and footer (33 sectors), each rounded up to the 1 MiB partition alignment. */
const GPT_HEADER = MIB;
const GPT_FOOTER = MIB;

interface Layout {
  readonly map: MapNode;
  readonly id: string;
  readonly type: string;
  /** Bytes, or undefined when not given (or malformed, which the schema reports). */
  readonly start: number | undefined;
  readonly end: number | undefined;
  /** 'grow', bytes, or undefined. */
  readonly size: 'grow' | number | undefined;
  /** The size as written ('' when absent). */
  readonly sizeText: string;
}

/** dm-verity as upstream sizes inline verity (verity.go: DefaultVerityDataBlockSize, DefaultVerityHashBlockSize, sha256). */
const VERITY_BLOCK = 4096;
const VERITY_HASH_BYTES = 32;

/** Blocks of the dm-verity hash tree for `dataBlocks`, its superblock included (verityutils.CalculateHashSizeInBlocks). */
function verityHashBlocks(dataBlocks: number): number {
  const hashesPerBlock = VERITY_BLOCK / VERITY_HASH_BYTES;
  let total = 0;
  for (let level = dataBlocks; level > 1;) {
    level = Math.ceil(level / hashesPerBlock);
    total += level;
  }
  return total + 1;
}

/**
 * The file system size inline verity leaves on a partition of `partitionBytes`, as upstream's
 * calculateInlineVerityDataSize finds it: the most data blocks whose hash tree still fits after them, rounded down to
 * the 1 MiB partition alignment as upstream rounds. 0 means upstream refuses the partition as too small.
 */
export function inlineVerityDataSize(partitionBytes: number): number {
  let low = 0;
  let high = Math.floor(partitionBytes / VERITY_BLOCK);
  let best = 0;
  while (low <= high) {
    const dataBlocks = Math.floor((low + high) / 2);
    if ((verityHashBlocks(dataBlocks) + dataBlocks) * VERITY_BLOCK <= partitionBytes) {
      best = dataBlocks;
      low = dataBlocks + 1;
    } else {
      high = dataBlocks - 1;
    }
  }
  // Upstream's roundDown (disk.go) keeps an aligned size and otherwise drops one alignment unit more than a floor.
  const bytes = best * VERITY_BLOCK;
  const whole = Math.floor(bytes / MIB);
  if (bytes % MIB === 0) return bytes;
  return whole === 0 ? 0 : (whole - 1) * MIB;
}

/** Partition ids that hold inline verity (data and hash on one partition) for a verity device with a file system. */
function inlineVerityPartitions(context: RuleContext): Set<string> {
  const storage = mapAt(rootMap(context), 'storage');
  const withFileSystem = new Set(mapItems(valueOf(storage, 'filesystems')).map(({ map }) => field(context, map, 'deviceId')));
  const ids = new Set<string>();
  for (const { map } of mapItems(valueOf(storage, 'verity'))) {
    const data = field(context, map, 'dataDeviceId');
    if (data !== '' && data === field(context, map, 'hashDeviceId') && withFileSystem.has(field(context, map, 'id'))) ids.add(data);
  }
  return ids;
}

function name(l10n: L10n, partition: Layout): string {
  return partition.id !== '' ? quote(partition.id) : l10n.t('(without an id)');
}

/** Each partition on its own: label, `end` with `size`, a size above zero. */
export const partitionFields: Rule = (context) => {
  const { l10n } = context;
  for (const { map: disk } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'disks'))) {
    const maxSize = field(context, disk, 'maxSize');
    if (maxSize !== '' && parseDiskSize(maxSize) === 0) {
      error(context, 'disk-size-zero', valueRange(disk, 'maxSize')!, l10n.t("The disk's 'maxSize' must be larger than zero."));
    }
    for (const { map } of mapItems(valueOf(disk, 'partitions'))) {
      const id = field(context, map, 'id');
      const label = field(context, map, 'label');
      const labelRange = valueRange(map, 'label');
      if (labelRange) {
        const nonAscii = [...label].find((char) => char.charCodeAt(0) > 127);
        if (nonAscii)
          error(
            context,
            'partition-label',
            labelRange,
            l10n.t("The partition label {0} contains '{1}': labels must be ASCII.", quote(label), nonAscii),
          );
        else if (label.length > MAX_LABEL_LENGTH)
          error(
            context,
            'partition-label',
            labelRange,
            l10n.t('The partition label {0} has {1} characters; at most {2} are allowed.', quote(label), label.length, MAX_LABEL_LENGTH),
          );
      }
      const size = field(context, map, 'size');
      if (has(map, 'end') && size !== '') {
        error(
          context,
          'end-and-size',
          keyRangeOf(map, 'size')!,
          l10n.t("Partition {0} has both 'end' and 'size': give only one.", quote(id)),
        );
      }
      const start = parseDiskSize(field(context, map, 'start'));
      const end = parseDiskSize(field(context, map, 'end'));
      if (size !== '' && size !== 'grow' && parseDiskSize(size) === 0) {
        error(
          context,
          'partition-size-zero',
          valueRange(map, 'size')!,
          l10n.t('Partition {0} must have a size larger than zero.', quote(id)),
        );
      } else if (start !== undefined && end !== undefined && start >= end) {
        error(
          context,
          'partition-size-zero',
          valueRange(map, 'end')!,
          l10n.t("Partition {0} ends at or before its start ({1}): 'end' must be larger than 'start'.", quote(id), formatSize(start)),
        );
      }
    }
  }
};

/** The disk as a whole, as upstream lays it out: starts filled in, only the last open-ended, no overlaps, room for GPT. */
export const diskLayout: Rule = (context) => {
  const { l10n } = context;
  for (const { map: disk } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'disks'))) {
    const partitions: Layout[] = mapItems(valueOf(disk, 'partitions')).map(({ map }) => {
      const size = field(context, map, 'size');
      return {
        map,
        id: field(context, map, 'id'),
        type: field(context, map, 'type'),
        start: parseDiskSize(field(context, map, 'start')),
        end: parseDiskSize(field(context, map, 'end')),
        size: size === 'grow' ? 'grow' : size === '' ? undefined : parseDiskSize(size),
        sizeText: size,
      };
    });
    const maxSizeText = field(context, disk, 'maxSize');
    const maxSize = parseDiskSize(maxSizeText);
    const diskHead = headOf(disk);

    if (maxSizeText === '' && partitions.length === 0) {
      error(context, 'disk-size-unknown', diskHead, l10n.t("The disk has no size: give 'maxSize' or partitions with a 'size' or 'end'."));
      continue;
    }

    // Starts, as upstream fills them: the first at 1 MiB, each next one at the previous end.
    const starts: (number | undefined)[] = [];
    const ends: (number | undefined)[] = [];
    let layoutKnown = true;
    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[i];
      let start = partition.start;
      if (!has(partition.map, 'start')) start = i === 0 ? MIB : ends[i - 1];
      starts.push(start);
      ends.push(endOf(partition, start));
      // A malformed start, end or size is the schema's to report; the layout is then unknown.
      if (start === undefined && has(partition.map, 'start')) layoutKnown = false;
      if (partition.end === undefined && has(partition.map, 'end')) layoutKnown = false;
      if (partition.size === undefined && partition.sizeText !== '') layoutKnown = false;
    }

    for (let i = 0; i < partitions.length - 1; i++) {
      const partition = partitions[i];
      if (ends[i] === undefined && openEnded(partition)) {
        const range = valueRange(partition.map, 'size') ?? headOf(partition.map);
        error(
          context,
          'open-ended-partition',
          range,
          l10n.t(
            "Partition {0} has no fixed size, so it must be the last one: only the last partition may use 'size: grow' or leave out 'size' and 'end'.",
            name(l10n, partition),
          ),
        );
        layoutKnown = false;
      }
    }

    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[i];
      if (partition.type === 'bios-grub' && starts[i] !== undefined && starts[i] !== MIB) {
        const range = valueRange(partition.map, 'start') ?? valueRange(partition.map, 'type')!;
        error(
          context,
          'bios-grub-start',
          range,
          l10n.t('The BIOS boot partition must start at 1M (it starts at {0}).', formatSize(starts[i]!)),
        );
      }
    }

    if (!layoutKnown) continue;

    for (let i = 0; i < partitions.length - 1; i++) {
      const end = ends[i];
      const nextStart = starts[i + 1];
      if (end === undefined || nextStart === undefined || end <= nextStart) continue;
      const next = partitions[i + 1];
      const range: Range = valueRange(next.map, 'start') ?? headOf(next.map);
      const nextEnd = ends[i + 1];
      error(
        context,
        'partition-overlap',
        range,
        l10n.t(
          'Partition {0} [{1}, {2}) overlaps partition {3} [{4}, {5}).',
          name(l10n, next),
          formatSize(nextStart),
          nextEnd === undefined ? '...' : formatSize(nextEnd),
          name(l10n, partitions[i]),
          formatSize(starts[i]!),
          formatSize(end),
        ),
      );
    }

    if (partitions.length) {
      const first = partitions[0];
      if (starts[0] !== undefined && starts[0] < GPT_HEADER) {
        error(
          context,
          'partition-start-reserved',
          valueRange(first.map, 'start') ?? headOf(first.map),
          l10n.t(
            'Partition {0} starts at {1}, but the first 1 MiB of the disk holds the GPT header: start at 1M or later.',
            name(l10n, first),
            formatSize(starts[0]),
          ),
        );
      }
      const lastIndex = partitions.length - 1;
      const last = partitions[lastIndex];
      const lastEnd = ends[lastIndex];
      const lastStart = starts[lastIndex];
      if (lastEnd === undefined && maxSizeText === '') {
        error(
          context,
          'disk-size-unknown',
          valueRange(last.map, 'size') ?? headOf(last.map),
          l10n.t("The last partition {0} has no fixed size and the disk has no 'maxSize': give one of them.", name(l10n, last)),
        );
      } else if (maxSize !== undefined && lastStart !== undefined) {
        const required = (lastEnd ?? lastStart + MIB) + GPT_FOOTER;
        if (required > maxSize) {
          error(
            context,
            'disk-too-small',
            valueRange(disk, 'maxSize')!,
            l10n.t(
              "The partitions need {0} (including 1 MiB for the GPT footer), but 'maxSize' is {1}.",
              formatSize(required),
              formatSize(maxSize),
            ),
          );
        }
      }
    }

    // Inline verity: upstream sizes the file system to leave room for the hash tree, and refuses a partition where
    // that leaves nothing (storage.go: calculateInlineVerityDataSize). The last partition ends at the GPT footer.
    const inline = inlineVerityPartitions(context);
    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[i];
      if (!inline.has(partition.id) || starts[i] === undefined) continue;
      const end = ends[i] ?? (i === partitions.length - 1 && maxSize !== undefined ? maxSize - GPT_FOOTER : undefined);
      if (end === undefined || end <= starts[i]! || inlineVerityDataSize(end - starts[i]!) > 0) continue;
      error(
        context,
        'inline-verity-too-small',
        valueRange(partition.map, 'size') ?? valueRange(partition.map, 'end') ?? headOf(partition.map),
        l10n.t(
          'Partition {0} ({1}) is too small for inline verity: it must hold at least 1 MiB of file system and the verity hash tree after it, so make it 2M or larger.',
          name(l10n, partition),
          formatSize(end - starts[i]!),
        ),
      );
    }
  }
};

function openEnded(partition: Layout): boolean {
  return !has(partition.map, 'end') && (partition.sizeText === 'grow' || partition.sizeText === '');
}

function endOf(partition: Layout, start: number | undefined): number | undefined {
  if (partition.end !== undefined) return partition.end;
  if (typeof partition.size === 'number' && start !== undefined) return start + partition.size;
  return undefined;
}
