# Disk-image headers and footers for the Image Customizer stand-in, printed as printf octal escapes.
# `what`: vhd-fixed-footer | vhd-dynamic | qcow2-header | qcow2-reftable | qcow2-refblock | vhdx
# `size`: the virtual disk's size in bytes (a whole number of MiB); `now`: seconds since 1970.
# Sources: Microsoft's "Virtual Hard Disk Image Format Specification" (hard disk footer, dynamic disk header, block
# allocation table, CHS calculation in its appendix) and QEMU's docs/interop/qcow2.txt (version 3 header).
# Busybox awk here has no math library and prints %d as 32 bits, so numbers are split with % and / only.

function byte(v) { return sprintf("\\%03o", v) }
function be(n, v,   out, i, b) { out = ""; for (i = 0; i < n; i++) { b = v % 256; out = byte(b) out; v = (v - b) / 256 } return out }
function text(s,   out, i) { out = ""; for (i = 1; i <= length(s); i++) out = out byte(ord[substr(s, i, 1)]); return out }
function zeros(n,   out) { out = ""; while (n-- > 0) out = out "\\000"; return out }
function ones(n,   out) { out = ""; while (n-- > 0) out = out "\\377"; return out }
function fl(x) { return x - (x % 1) }
# The VHD checksum: ones' complement of the sum of all bytes with the checksum field taken as zero.
function checksum(escaped,   sum, i) { sum = 0; for (i = 1; i <= length(escaped); i += 4) sum += octal(substr(escaped, i + 1, 3)); return 4294967295 - (sum % 4294967296) }
function octal(s) { return (substr(s, 1, 1) + 0) * 64 + (substr(s, 2, 1) + 0) * 8 + (substr(s, 3, 1) + 0) }

# CHS geometry, as the VHD specification's appendix computes it.
function geometry(bytes,   total, spt, heads, cth, cyl) {
  total = fl(bytes / 512)
  if (total > 65535 * 16 * 255) total = 65535 * 16 * 255
  if (total >= 65535 * 16 * 63) { spt = 255; heads = 16; cth = fl(total / spt) }
  else {
    spt = 17; cth = fl(total / spt); heads = fl((cth + 1023) / 1024)
    if (heads < 4) heads = 4
    if (cth >= heads * 1024 || heads > 16) { spt = 31; heads = 16; cth = fl(total / spt) }
    if (cth >= heads * 1024) { spt = 63; heads = 16; cth = fl(total / spt) }
  }
  cyl = fl(cth / heads)
  return be(2, cyl) byte(heads) byte(spt)
}

function vhdFooter(diskType, dataOffsetEscaped,   head, tail) {
  # cookie, features, version, data offset, time stamp (since 2000-01-01), creator app, version, host OS,
  # original and current size, geometry, disk type | checksum | unique id, saved state, reserved.
  head = text("conectix") be(4, 2) be(4, 65536) dataOffsetEscaped be(4, now - 946684800) text("azlt") be(4, 65536) text("Wi2k") \
    be(8, size) be(8, size) geometry(size) be(4, diskType)
  tail = be(16, (now * 7919) % 4294967296) byte(0) zeros(427)
  return head be(4, checksum(head tail)) tail
}

function dynamicHeader(entries,   head, tail) {
  # cookie, data offset, table offset, version, max table entries, block size | checksum | parent fields, reserved.
  head = text("cxsparse") ones(8) be(8, 1536) be(4, 65536) be(4, entries) be(4, 2097152)
  tail = zeros(16) zeros(4) zeros(4) zeros(512) zeros(192) zeros(256)
  return head be(4, checksum(head tail)) tail
}

BEGIN {
  for (i = 32; i < 127; i++) ord[sprintf("%c", i)] = i
  if (what == "vhd-fixed-footer") printf "%s", vhdFooter(2, ones(8))
  else if (what == "vhd-dynamic") {
    # Footer copy, dynamic header at 512, the block allocation table at 1536 (every block unallocated, so the
    # disk reads as zeros), padded to a sector, and the footer again at the end.
    entries = fl((size + 2097151) / 2097152); footer = vhdFooter(3, be(8, 512)); bat = ones(entries * 4)
    padding = (512 - (entries * 4) % 512) % 512
    printf "%s%s%s%s%s", footer, dynamicHeader(entries), bat, zeros(padding), footer
  } else if (what == "qcow2-header") {
    # magic, version 3, no backing file, 64 KiB clusters, size, no encryption, L1 size and offset (cluster 3),
    # refcount table at cluster 1 (one cluster), no snapshots, no features, refcount order 4, header length 104.
    l1 = fl((size + 536870911) / 536870912)
    printf "%s", text("QFI") byte(251) be(4, 3) be(8, 0) be(4, 0) be(4, 16) be(8, size) be(4, 0) be(4, l1) be(8, 196608) \
      be(8, 65536) be(4, 1) be(4, 0) be(8, 0) be(8, 0) be(8, 0) be(8, 0) be(4, 4) be(4, 104)
  } else if (what == "qcow2-reftable") printf "%s", be(8, 131072)
  else if (what == "qcow2-refblock") {
    # One 16-bit refcount per metadata cluster: header, refcount table, refcount block, L1 table clusters.
    l1 = fl((size + 536870911) / 536870912); clusters = 3 + fl((l1 * 8 + 65535) / 65536)
    for (i = 0; i < clusters; i++) printf "%s", be(2, 1)
  } else if (what == "vhdx") {
    # The file type identifier only ("vhdxfile" and a UTF-16 creator): the stand-in writes no VHDX headers.
    s = "azl stand-in"; creator = ""; for (i = 1; i <= length(s); i++) creator = creator byte(ord[substr(s, i, 1)]) byte(0)
    printf "%s%s", text("vhdxfile"), creator
  }
}
